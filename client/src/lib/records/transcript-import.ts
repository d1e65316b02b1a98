import type { MessageKey } from '../i18n/index.svelte.ts';

export type SubtitleFormat = 'vtt' | 'srt';

/** The format a file's name says it has, or null when it says neither. */
export function formatFromName(name: string): SubtitleFormat | null {
  const match = /\.(vtt|srt)$/i.exec(name.trim());
  return match ? (match[1]!.toLowerCase() as SubtitleFormat) : null;
}

// The parser's reasons (shared/text/subtitles.ts), translated; an unknown one is shown as the server wrote it.
const REASONS: Record<string, MessageKey> = {
  'no timing line ("00:00:01.000 --> 00:00:03.000")': 'import.problem.noTiming',
  'an SRT cue number must be a whole number': 'import.problem.cueNumber',
  'a time is not in the form 00:01:02.345': 'import.problem.timeFormat',
  'the cue ends before it starts': 'import.problem.endsBeforeStart',
  'the cue has no text': 'import.problem.noText',
  'a WebVTT file must start with "WEBVTT"': 'import.problem.noHeader',
};

export function problemKey(reason: string): MessageKey | null {
  return REASONS[reason] ?? null;
}

/** Files above the server's limit are refused before reading them. */
export const IMPORT_MAX_BYTES = 3_000_000;
