/**
 * The wire contract's plain values and checks, free of zod. The schemas build on them; pages import them from here,
 * because a schema module's zod calls run when it loads and cannot be tree-shaken, so importing one limit from it
 * would make the resident's page download the whole validator.
 */

export const QUESTION_TEXT_MIN = 10;
export const QUESTION_TEXT_MAX = 1000;

export const TRACKING_CODE = /^TD-\d{4}-(0[1-9]|1[0-2])-\d{4,6}$/;

export const CLOSE_REASONS = ['out_of_scope', 'already_answered', 'not_a_question', 'withdrawn', 'other'] as const;
export const RATINGS = ['satisfied', 'partly', 'not_satisfied'] as const;
export const CONTACT_CHANNELS = ['email', 'zalo', 'sms'] as const;
export const OFFICIAL_ROLES = ['chair', 'co_chair', 'front', 'secretary', 'invited'] as const;

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
/** What an answer may attach; the server checks the bytes, not the name. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * What a reader counts as characters: grapheme clusters holding a letter or a digit. Ten zero-width spaces, or one
 * letter stacked with twelve combining marks, are not ten characters of a question.
 */
export function visibleLength(text: string, upTo = Infinity): number {
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (LETTER_OR_DIGIT.test(segment)) count += 1;
    if (count >= upTo) break;
  }
  return count;
}

/** A session's public YouTube or Facebook live link, shown to residents when there is no LiveKit video. */
export type ExternalStream = { provider: 'youtube'; videoId: string } | { provider: 'facebook'; url: string };

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be']);
const FACEBOOK_HOSTS = new Set(['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com', 'fb.watch']);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/** Reads a live link an administrator pasted; null when it is not an https YouTube or Facebook video. */
export function parseExternalStream(value: string): ExternalStream | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  if (YOUTUBE_HOSTS.has(host)) {
    const segments = url.pathname.split('/').filter(Boolean);
    const videoId =
      host === 'youtu.be'
        ? segments[0]
        : segments[0] === 'watch'
          ? url.searchParams.get('v')
          : segments[0] === 'live' || segments[0] === 'embed'
            ? segments[1]
            : undefined;
    return videoId && YOUTUBE_ID.test(videoId) ? { provider: 'youtube', videoId } : null;
  }
  if (FACEBOOK_HOSTS.has(host) && url.pathname.length > 1) return { provider: 'facebook', url: url.href };
  return null;
}
