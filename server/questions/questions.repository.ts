import type { QuestionStatus, RejectReason } from '../../shared/schemas/question.ts';
import type { Tx } from '../db/database.ts';
import type { Queryable } from '../sessions/sessions.repository.ts';

export interface QuestionRow {
  id: number;
  session_id: number;
  resident_id: string;
  client_key: string;
  text: string;
  original_text: string | null;
  author_name: string | null;
  anonymous: number;
  topic: string | null;
  status: QuestionStatus;
  reject_reason: RejectReason | null;
  reject_note: string | null;
  vote_count: number;
  created_at: string;
  staged_at: string | null;
  answered_at: string | null;
}

export async function findQuestion(q: Queryable, id: number): Promise<QuestionRow | undefined> {
  return q.get<QuestionRow>('SELECT * FROM questions WHERE id = ?', [id]);
}

export async function findByClientKey(q: Queryable, residentId: string, clientKey: string) {
  return q.get<QuestionRow>('SELECT * FROM questions WHERE resident_id = ? AND client_key = ?', [residentId, clientKey]);
}

export async function findOnStage(q: Queryable, sessionId: number): Promise<QuestionRow | undefined> {
  return q.get<QuestionRow>("SELECT * FROM questions WHERE session_id = ? AND status = 'on_stage'", [sessionId]);
}

export async function listSessionQuestions(
  q: Queryable,
  sessionId: number,
  statuses: readonly QuestionStatus[],
): Promise<QuestionRow[]> {
  const marks = statuses.map(() => '?').join(', ');
  return q.all<QuestionRow>(`SELECT * FROM questions WHERE session_id = ? AND status IN (${marks}) ORDER BY id`, [
    sessionId,
    ...statuses,
  ]);
}

export async function listResidentQuestions(q: Queryable, sessionId: number, residentId: string) {
  return q.all<QuestionRow>('SELECT * FROM questions WHERE session_id = ? AND resident_id = ? ORDER BY id', [
    sessionId,
    residentId,
  ]);
}

export interface NewQuestion {
  sessionId: number;
  residentId: string;
  clientKey: string;
  text: string;
  authorName: string | null;
  anonymous: boolean;
  topic: string | null;
  status: QuestionStatus;
  createdAt: Date;
}

export async function insertQuestion(tx: Tx, q: NewQuestion): Promise<QuestionRow> {
  const row = await tx.get<QuestionRow>(
    `INSERT INTO questions (session_id, resident_id, client_key, text, author_name, anonymous, topic, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [q.sessionId, q.residentId, q.clientKey, q.text, q.authorName, q.anonymous ? 1 : 0, q.topic, q.status, q.createdAt.toISOString()],
  );
  return row!;
}

export type QuestionPatch = Partial<
  Pick<QuestionRow, 'text' | 'original_text' | 'status' | 'reject_reason' | 'reject_note' | 'staged_at' | 'answered_at'>
>;

export async function updateQuestion(tx: Tx, id: number, patch: QuestionPatch): Promise<QuestionRow> {
  const entries = Object.entries(patch);
  const assignments = entries.map(([column]) => `${column} = ?`).join(', ');
  const row = await tx.get<QuestionRow>(`UPDATE questions SET ${assignments} WHERE id = ? RETURNING *`, [
    ...entries.map(([, value]) => value ?? null),
    id,
  ]);
  return row!;
}
