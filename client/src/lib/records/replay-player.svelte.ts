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
    const listeners: Array<[keyof HTMLMediaElementEventMap, () => void]> = [
      ['timeupdate', onTime],
      ['seeked', onTime],
      ['play', onPlay],
      ['pause', onPause],
      ['ended', onPause],
      ['loadedmetadata', onMetadata],
    ];
    for (const [event, listener] of listeners) video.addEventListener(event, listener);
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) this.#applyPending();
    return {
      destroy: () => {
        for (const [event, listener] of listeners) video.removeEventListener(event, listener);
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
