import { cleanText } from './clean.ts';
import type { SubtitleProblem } from '../schemas/transcript.ts';

export interface Cue {
  startMs: number;
  endMs: number;
  speakerName: string | null;
  text: string;
}

export interface Parsed {
  cues: Cue[];
  problems: SubtitleProblem[];
}

const TIME = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/;

function parseTime(value: string): number | null {
  const match = TIME.exec(value.trim());
  if (!match) return null;
  const [, h = '0', m, s, ms] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}

/** `<v Nguyễn Văn An>text` is WebVTT's voice span: the speaker's name. */
function splitVoice(text: string): { speakerName: string | null; text: string } {
  const voice = /^<v(?:\.[^ >]*)? ([^>]+)>/.exec(text);
  // The same cleaning as text typed into the platform: an imported file is text a person wrote too.
  const clean = (s: string) => cleanText(s.replace(/<[^>]*>/g, ''));
  return voice ? { speakerName: cleanText(voice[1]!), text: clean(text.slice(voice[0].length)) } : { speakerName: null, text: clean(text) };
}

function parseBlocks(lines: string[], firstLine: number, srt: boolean): Parsed {
  const cues: Cue[] = [];
  const problems: SubtitleProblem[] = [];
  let i = firstLine;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i += 1;
      continue;
    }
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    if (!srt && /^(NOTE|STYLE|REGION)\b/.test(block[0]!)) continue;
    const timingIndex = block.findIndex((line) => line.includes('-->'));
    if (timingIndex < 0) {
      problems.push({ line: blockStart + 1, reason: 'no timing line ("00:00:01.000 --> 00:00:03.000")' });
      continue;
    }
    if (srt && timingIndex === 1 && !/^\d+$/.test(block[0]!.trim())) {
      problems.push({ line: blockStart + 1, reason: 'an SRT cue number must be a whole number' });
    }
    const timingLine = blockStart + timingIndex + 1;
    const [from = '', rest = ''] = block[timingIndex]!.split('-->');
    const startMs = parseTime(from);
    const endMs = parseTime(rest.trim().split(/\s+/)[0] ?? '');
    if (startMs === null || endMs === null) {
      problems.push({ line: timingLine, reason: 'a time is not in the form 00:01:02.345' });
      continue;
    }
    if (endMs < startMs) {
      problems.push({ line: timingLine, reason: 'the cue ends before it starts' });
      continue;
    }
    const body = block.slice(timingIndex + 1).join('\n');
    const { speakerName, text } = splitVoice(body);
    if (!text) {
      problems.push({ line: timingLine, reason: 'the cue has no text' });
      continue;
    }
    cues.push({ startMs, endMs, speakerName, text });
  }
  return { cues, problems };
}

function toLines(content: string): string[] {
  return content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Parses WebVTT; every problem names its line, and good cues are kept beside bad ones. */
export function parseVtt(content: string): Parsed {
  const lines = toLines(content);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    return { cues: [], problems: [{ line: 1, reason: 'a WebVTT file must start with "WEBVTT"' }] };
  }
  return parseBlocks(lines, 1, false);
}

export function parseSrt(content: string): Parsed {
  return parseBlocks(toLines(content), 0, true);
}

function formatTime(ms: number): string {
  const pad = (n: number, size = 2) => String(n).padStart(size, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * Cues in time order, each ending no later than the next one starts: players stack overlapping cues on screen,
 * and a transcript's lines follow one another.
 */
export function sequentialCues<C extends Cue>(cues: readonly C[]): C[] {
  const sorted = [...cues].sort((a, b) => a.startMs - b.startMs);
  return sorted.map((cue, i) => {
    const next = sorted[i + 1];
    return next && next.startMs < cue.endMs ? { ...cue, endMs: Math.max(cue.startMs, next.startMs) } : cue;
  });
}

/** WebVTT with voice spans for speakers; text is escaped so a cue can never inject markup into a player. */
export function toVtt(cues: readonly Cue[]): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/-->/g, '--&gt;');
  const blocks = sequentialCues(cues).map((cue) => {
    const text = escape(cue.text);
    const body = cue.speakerName ? `<v ${escape(cue.speakerName)}>${text}` : text;
    return `${formatTime(cue.startMs)} --> ${formatTime(cue.endMs)}\n${body}`;
  });
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}

/** "[00:12:03] Nguyễn Văn An: …" lines, for reading and quoting. */
export function toPlainText(cues: readonly Cue[]): string {
  return cues.map((cue) => `[${formatTime(cue.startMs).slice(0, 8)}] ${cue.speakerName ? `${cue.speakerName}: ` : ''}${cue.text}`).join('\n') + '\n';
}
