import type { Track } from 'livekit-client';
import type { Attachment } from 'svelte/attachments';

/**
 * Shows a LiveKit track (a tile's, an audio source's or a studio preview) in a media element for as long as the
 * element exists; the media library hands tracks out as `unknown` so that it stays free of the DOM.
 */
export function attachTrack(track: unknown): Attachment<HTMLMediaElement> {
  return (element) => {
    const media = track as Track;
    media.attach(element);
    return () => void media.detach(element);
  };
}
