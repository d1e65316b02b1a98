import { parseExternalStream } from '../../../../shared/schemas/values.ts';
import type { Segment } from '../../../../shared/schemas/transcript.ts';
import { foldText } from '../../../../shared/text/fold.ts';

/** How the archive plays its recording. */
export type Recording =
  | { kind: 'none' }
  | { kind: 'file'; src: string }
  | { kind: 'embed'; provider: 'youtube' | 'facebook'; src: string; href: string }
  | { kind: 'link'; href: string };

const FILE_EXTENSION = /\.(mp4|m4v|webm|ogv|mov)$/i;

/** A file the browser can play itself (our recordings folder or an .mp4 link), an embeddable page, or only a link. */
export function recordingOf(url: string | null): Recording {
  if (!url) return { kind: 'none' };
  if (/^\/recordings\/[A-Za-z0-9._-]+$/.test(url)) return { kind: 'file', src: url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'none' };
  }
  if (parsed.protocol !== 'https:') return { kind: 'none' };
  if (FILE_EXTENSION.test(parsed.pathname)) return { kind: 'file', src: parsed.href };
  const stream = parseExternalStream(parsed.href);
  if (stream?.provider === 'youtube') {
    return { kind: 'embed', provider: 'youtube', src: `https://www.youtube-nocookie.com/embed/${encodeURIComponent(stream.videoId)}`, href: parsed.href };
  }
  if (stream?.provider === 'facebook') {
    return { kind: 'embed', provider: 'facebook', src: `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(stream.url)}&show_text=false`, href: parsed.href };
  }
  return { kind: 'link', href: parsed.href };
}

/**
 * The segment being spoken at `ms`: the last one that has started, so a pause between two lines keeps the
 * previous one lit. Segments are sorted by start; -1 before the first.
 */
export function segmentIndexAt(segments: readonly Segment[], ms: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (segments[mid]!.startMs <= ms) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** `?t=` from a shared link: seconds ("754", "12.5"), "mm:ss", "h:mm:ss" or "1h2m3s"; null when absent or nonsense. */
export function startSeconds(search: string): number | null {
  const value = new URLSearchParams(search).get('t')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^\d+(:\d{1,2}){1,2}$/.test(value)) return value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (units && units[0]) return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  return null;
}

/** "07:05", or "1:02:03" past the hour. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours ? `${hours}:${mmss}` : mmss;
}

/** The segments whose text or speaker contains the filter, ignoring diacritics and case ("via he" finds "vỉa hè"). */
export function filterSegments(segments: readonly Segment[], filter: string): Segment[] {
  const needle = foldText(filter);
  if (!needle) return [...segments];
  return segments.filter((segment) => foldText(`${segment.speakerName ?? ''} ${segment.text}`).includes(needle));
}

/** A link to this moment of the replay. */
export function archiveHref(sessionId: number, ms: number | null): string {
  return ms === null ? `/s/${sessionId}/archive` : `/s/${sessionId}/archive?t=${Math.floor(ms / 1000)}`;
}

/**
 * Scrolls `container` (not the page) so `item` is in view, gently unless the reader asked for reduced motion.
 * Leaves the page's own scroll position alone, so a reader on a phone is never yanked away from what they read.
 */
export function scrollWithin(container: HTMLElement, item: HTMLElement): void {
  if (container.scrollHeight <= container.clientHeight) return;
  const box = container.getBoundingClientRect();
  const rect = item.getBoundingClientRect();
  if (rect.top >= box.top && rect.bottom <= box.bottom) return;
  const top = container.scrollTop + (rect.top - box.top) - box.height / 3;
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  container.scrollTo({ top: Math.max(0, top), behavior: reduced ? 'auto' : 'smooth' });
}
