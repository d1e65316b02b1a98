import type { MinutesQuestion } from '../../shared/schemas/transcript.ts';
import { TIME_ZONE } from '../../shared/time.ts';

/** Quotes every cell, and defuses cells a spreadsheet would run as a formula (=, +, -, @). */
function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

const localTime = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' });

/** hh:mm:ss into the live session (as the recording counts), empty when it did not happen while live. */
function sinceLive(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.round(ms / 1000);
  return `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The public questions of a session as CSV, UTF-8 with a BOM so spreadsheet programs read Vietnamese right; the
 * channel says where each came from and the fate what became of it, with the department or the reason.
 */
export function questionsCsv(questions: readonly MinutesQuestion[]): string {
  const header = ['id', 'tracking_code', 'asked_at (Asia/Ho_Chi_Minh)', 'channel', 'status', 'votes', 'asker', 'topic', 'question', 'on_stage_at', 'answered_at', 'fate', 'fate_detail'];
  const rows = questions.map((q) => [
    q.id,
    q.trackingCode,
    localTime.format(new Date(q.createdAt)),
    q.channel,
    q.status,
    q.votes,
    q.authorName,
    q.topic,
    q.text,
    sinceLive(q.stagedAtMs),
    sinceLive(q.answeredAtMs),
    q.fate,
    q.department ?? q.closeReason,
  ]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
