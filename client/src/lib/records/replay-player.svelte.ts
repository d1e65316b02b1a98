/**
 * The archive's video as the page sees it: the playback position (ms) that the transcript follows, and seeking.
 * Works without a video too (a transcript-only archive): a seek then just moves the highlighted line.
 */
export class ReplayPlayer {
  currentMs = $state(0);
  playing = $state(false);
  /** The position a deep link or a click asked for before the video could take it. */
  #pendingSeconds: number | null = null;
  #video: HTMLVideoElement | null = null;

  constructor(startSeconds: number | null) {
    if (startSeconds !== null) {
      this.currentMs = Math.round(startSeconds * 1000);
      this.#pendingSeconds = startSeconds;
    }
  }

  /** Svelte action for the <video>: follows its clock and applies a pending seek once it knows its duration. */
  attach = (video: HTMLVideoElement) => {
    this.#video = video;
    const onTime = () => (this.currentMs = Math.round(video.currentTime * 1000));
    const onPlay = () => (this.playing = true);
    const onPause = () => (this.playing = false);
    const onMetadata = () => this.#applyPending();
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('seeked', onTime);
    video.addEventListener('play', onPlay);
    video.addEventListener('pause', onPause);
    video.addEventListener('ended', onPause);
    video.addEventListener('loadedmetadata', onMetadata);
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) this.#applyPending();
    return {
      destroy: () => {
        video.removeEventListener('timeupdate', onTime);
        video.removeEventListener('seeked', onTime);
        video.removeEventListener('play', onPlay);
        video.removeEventListener('pause', onPause);
        video.removeEventListener('ended', onPause);
        video.removeEventListener('loadedmetadata', onMetadata);
        if (this.#video === video) this.#video = null;
      },
    };
  };

  get hasVideo(): boolean {
    return this.#video !== null;
  }

  seek(ms: number): void {
    const seconds = Math.max(0, ms / 1000);
    this.currentMs = Math.round(seconds * 1000);
    const video = this.#video;
    if (!video || video.readyState < HTMLMediaElement.HAVE_METADATA) {
      this.#pendingSeconds = seconds;
      return;
    }
    video.currentTime = Number.isFinite(video.duration) ? Math.min(seconds, video.duration) : seconds;
  }

  #applyPending(): void {
    const seconds = this.#pendingSeconds;
    this.#pendingSeconds = null;
    if (seconds !== null && this.#video) this.seek(seconds * 1000);
  }
}
