import type { Rating, Urgency } from '../../shared/schemas/followup.ts';
import { placeholders, type Tx, type Queryable } from '../core/db/database.ts';

export interface FollowupRow {
  question_id: number;
  session_id: number;
  fate: 'written' | 'merged' | 'closed';
  status: 'assigned' | 'answered' | 'closed';
  department_id: number | null;
  department_name: string | null;
  urgency: Urgency | null;
  received_at: string | null;
  due_day: string | null;
  close_reason: string | null;
  answer_text: string | null;
  answered_at: string | null;
  answered_by: string | null;
  attachment_name: string | null;
  attachment_file: string | null;
  attachment_mime: string | null;
  attachment_size: number | null;
  rating: Rating | null;
  rating_comment: string | null;
  rated_at: string | null;
  reopened_at: string | null;
  reopen_reason: string | null;
  asker_seen: number;
}

const SELECT = `SELECT f.*, d.name AS department_name FROM followups f LEFT JOIN departments d ON d.id = f.department_id`;

export async function findFollowup(q: Queryable, questionId: number): Promise<FollowupRow | undefined> {
  return q.get<FollowupRow>(`${SELECT} WHERE f.question_id = ?`, [questionId]);
}

/** The follow-ups of these questions, by question id; a question without one is not in the map. */
export async function followupsOf(q: Queryable, questionIds: readonly number[]): Promise<Map<number, FollowupRow>> {
  if (questionIds.length === 0) return new Map();
  const rows = await q.all<FollowupRow>(`${SELECT} WHERE f.question_id IN (${placeholders(questionIds)})`, questionIds);
  return new Map(rows.map((row) => [row.question_id, row]));
}

export async function listUnitFollowups(q: Queryable, unitId: number): Promise<FollowupRow[]> {
  return q.all<FollowupRow>(`${SELECT} JOIN sessions s ON s.id = f.session_id WHERE s.unit_id = ? ORDER BY f.due_day, f.question_id`, [unitId]);
}

type Columns = Partial<Omit<FollowupRow, 'question_id' | 'department_name'>>;

/** Creates or changes a question's follow-up; only the given columns change. */
export async function saveFollowup(tx: Tx, questionId: number, sessionId: number, columns: Columns, now: Date): Promise<FollowupRow> {
  const entries = Object.entries(columns);
  await tx.run(
    `INSERT INTO followups (question_id, session_id, fate, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id) DO NOTHING`,
    [questionId, sessionId, columns.fate ?? 'written', columns.status ?? 'assigned', now.toISOString(), now.toISOString()],
  );
  if (entries.length) {
    await tx.run(`UPDATE followups SET ${entries.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ? WHERE question_id = ?`, [
      ...entries.map(([, v]) => (v === undefined ? null : v)),
      now.toISOString(),
      questionId,
    ]);
  }
  return (await findFollowup(tx, questionId))!;
}

export interface EventRecord {
  kind: string;
  actor: string;
  fromDept?: string | null;
  toDept?: string | null;
  reason?: string | null;
}

export async function appendFollowupEvent(tx: Tx, questionId: number, event: EventRecord, now: Date): Promise<void> {
  await tx.run('INSERT INTO followup_events (question_id, kind, at, actor, from_dept, to_dept, reason) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    questionId,
    event.kind,
    now.toISOString(),
    event.actor,
    event.fromDept ?? null,
    event.toDept ?? null,
    event.reason ?? null,
  ]);
}

export interface FollowupEventRow {
  question_id: number;
  kind: string;
  at: string;
  from_dept: string | null;
  to_dept: string | null;
  reason: string | null;
}

/** The events of these questions' follow-ups, in the order they were written. */
export async function listFollowupEvents(q: Queryable, questionIds: readonly number[]): Promise<FollowupEventRow[]> {
  if (questionIds.length === 0) return [];
  return q.all<FollowupEventRow>(
    `SELECT question_id, kind, at, from_dept, to_dept, reason FROM followup_events WHERE question_id IN (${placeholders(questionIds)}) ORDER BY id`,
    questionIds,
  );
}

/** Marks the answers to the resident's own questions among these as seen; returns how many changed. */
export async function markAnswersSeen(tx: Tx, residentId: string, questionIds: readonly number[]): Promise<number> {
  const { changes } = await tx.run(
    `UPDATE followups SET asker_seen = 1
     WHERE asker_seen = 0 AND status = 'answered'
       AND question_id IN (SELECT id FROM questions WHERE resident_id = ? AND id IN (${placeholders(questionIds)}))`,
    [residentId, ...questionIds],
  );
  return changes;
}
