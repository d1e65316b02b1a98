import { parseExternalStream } from '../../../../shared/schemas/values.ts';

/** The iframe address for a session's YouTube or Facebook live link, or null when it is not one. */
export function externalStreamEmbed(url: string | null): { provider: 'youtube' | 'facebook'; src: string } | null {
  const stream = url ? parseExternalStream(url) : null;
  if (!stream) return null;
  return stream.provider === 'youtube'
    ? { provider: 'youtube', src: `https://www.youtube-nocookie.com/embed/${encodeURIComponent(stream.videoId)}?autoplay=1&playsinline=1` }
    : { provider: 'facebook', src: `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(stream.url)}&show_text=false` };
}
