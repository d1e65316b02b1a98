import type { PublicQuestion } from '../../shared/schemas/question.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { TIME_ZONE } from '../../shared/time.ts';

/** Quotes every cell, and defuses cells a spreadsheet would run as a formula (=, +, -, @). */
function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

const localTime = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' });

function sinceStart(session: Session, iso: string | null): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((Date.parse(iso) - Date.parse(session.startsAt)) / 1000));
  return `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The public questions of a session as CSV, UTF-8 with a BOM so spreadsheet programs read Vietnamese right. */
export function questionsCsv(session: Session, questions: readonly PublicQuestion[]): string {
  const header = ['id', 'asked_at (Asia/Ho_Chi_Minh)', 'status', 'votes', 'asker', 'topic', 'question', 'on_stage_at', 'answered_at'];
  const rows = questions.map((q) => [
    q.id,
    localTime.format(new Date(q.createdAt)),
    q.status,
    q.votes,
    q.authorName,
    q.topic,
    q.text,
    sinceStart(session, q.stagedAt),
    sinceStart(session, q.answeredAt),
  ]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
