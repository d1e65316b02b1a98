import type { NameBasis, QuestionChannel, QuestionStatus, RejectReason } from '../../shared/schemas/question.ts';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import { recordOffset } from '../../shared/rules/session-clock.ts';
import { PUBLIC_STATUSES, UNANSWERED_STATUSES } from '../../shared/rules/moderation.ts';
import { MY_QUESTIONS_MAX } from '../../shared/schemas/followup.ts';
import { placeholders, type Tx, type Queryable } from '../core/db/database.ts';

export interface QuestionRow {
  id: number;
  session_id: number;
  resident_id: string;
  client_key: string;
  text: string;
  original_text: string | null;
  author_name: string | null;
  name_public: number;
  name_basis: NameBasis | null;
  topic: string | null;
  status: QuestionStatus;
  reject_reason: RejectReason | null;
  reject_note: string | null;
  vote_count: number;
  created_at: string;
  staged_at: string | null;
  answered_at: string | null;
  tracking_code: string;
  channel: QuestionChannel;
  external_ref: string | null;
  merged_into: number | null;
}

export async function findQuestion(q: Queryable, id: number): Promise<QuestionRow | undefined> {
  return q.get<QuestionRow>('SELECT * FROM questions WHERE id = ?', [id]);
}

/** The questions with these ids, in no particular order; unknown ids are left out. */
export async function findQuestions(q: Queryable, ids: readonly number[]): Promise<QuestionRow[]> {
  if (ids.length === 0) return [];
  return q.all<QuestionRow>(`SELECT * FROM questions WHERE id IN (${placeholders(ids)})`, ids);
}

/** "You asked, we answered": a session's public questions and every merged one, most voted first. */
export async function listReportedQuestions(q: Queryable, sessionId: number): Promise<QuestionRow[]> {
  return q.all<QuestionRow>(
    `SELECT * FROM questions WHERE session_id = ? AND (status IN (${placeholders(PUBLIC_STATUSES)}) OR merged_into IS NOT NULL)
     ORDER BY vote_count DESC, id`,
    [sessionId, ...PUBLIC_STATUSES],
  );
}

/** Unanswered, unmerged questions that have no follow-up yet; with `withPending`, also those never moderated. */
export async function listWithoutFollowup(q: Queryable, sessionId: number, withPending: boolean): Promise<QuestionRow[]> {
  return q.all<QuestionRow>(
    `SELECT q.* FROM questions q LEFT JOIN followups f ON f.question_id = q.id
     WHERE q.session_id = ? AND q.merged_into IS NULL AND f.question_id IS NULL
       AND (q.status IN (${placeholders(UNANSWERED_STATUSES)}) OR (q.status = 'pending' AND ?))
     ORDER BY q.vote_count DESC, q.id`,
    [sessionId, ...UNANSWERED_STATUSES, withPending ? 1 : 0],
  );
}

/** How many residents asked online in the session, and how many voted. */
export async function countParticipants(q: Queryable, sessionId: number): Promise<{ askers: number; voters: number }> {
  const counts = await q.get<{ askers: number; voters: number }>(
    `SELECT (SELECT COUNT(DISTINCT resident_id) FROM questions WHERE session_id = ?1 AND channel = 'online') AS askers,
            (SELECT COUNT(DISTINCT v.resident_id) FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.session_id = ?1) AS voters`,
    [sessionId],
  );
  return counts!;
}

/** One question of the unit (merged ones left out) with its session's state and its follow-up, for the scoreboard. */
export interface QuestionRecordRow {
  tracking_code: string;
  session_id: number;
  created_at: string;
  status: string;
  channel: string;
  answered_at: string | null;
  department: string | null;
  fate: string | null;
  f_status: string | null;
  received_at: string | null;
  due_day: string | null;
  f_answered_at: string | null;
  rating: string | null;
  session_state: string;
}

export async function listUnitQuestionRecords(q: Queryable, unitId: number): Promise<QuestionRecordRow[]> {
  return q.all<QuestionRecordRow>(
    `SELECT q.tracking_code, q.session_id, s.state AS session_state, q.created_at, q.status, q.channel, q.answered_at,
            d.name AS department, f.fate, f.status AS f_status, f.received_at, f.due_day, f.answered_at AS f_answered_at, f.rating
     FROM questions q JOIN sessions s ON s.id = q.session_id
     LEFT JOIN followups f ON f.question_id = q.id LEFT JOIN departments d ON d.id = f.department_id
     WHERE s.unit_id = ? AND q.merged_into IS NULL ORDER BY q.id`,
    [unitId],
  );
}

/** A resident's latest questions of every session, with whether a written answer awaits their eyes. */
export async function listAskedBy(q: Queryable, residentId: string): Promise<Array<QuestionRow & { asker_seen: number | null; f_status: string | null }>> {
  return q.all(
    `SELECT q.*, f.asker_seen, f.status AS f_status FROM questions q LEFT JOIN followups f ON f.question_id = q.id
     WHERE q.resident_id = ? ORDER BY q.id DESC LIMIT ${MY_QUESTIONS_MAX}`,
    [residentId],
  );
}

/**
 * A retry key means "this question, in this session, from this author": stored with its session, so the same key
 * sent to another session is a new question there, never the first one handed back. (The table's unique pair is
 * resident and key; rebuilding it to add the session would rewrite every question.)
 */
function scopedKey(sessionId: number, clientKey: string): string {
  return `${sessionId}:${clientKey}`;
}

export async function findByClientKey(q: Queryable, sessionId: number, residentId: string, clientKey: string) {
  return q.get<QuestionRow>('SELECT * FROM questions WHERE resident_id = ? AND client_key = ?', [residentId, scopedKey(sessionId, clientKey)]);
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

/**
 * A resident's own questions in a session and the questions they have voted for, in one statement: a join reads
 * it for every resident, thousands join in the first minutes, and each statement waits for a turn of the event
 * loop. The single row from `(SELECT 1)` carries the votes when the resident has asked nothing.
 */
export async function listResidentActivity(q: Queryable, sessionId: number, residentId: string): Promise<{ questions: QuestionRow[]; votedQuestionIds: number[] }> {
  const rows = await q.all<Partial<QuestionRow> & { voted_ids: string }>(
    `SELECT
       (SELECT json_group_array(v.question_id) FROM votes v JOIN questions vq ON vq.id = v.question_id
        WHERE v.resident_id = ? AND vq.session_id = ?) AS voted_ids,
       q.*
     FROM (SELECT 1) AS one
     LEFT JOIN questions q ON q.session_id = ? AND q.resident_id = ?
     ORDER BY q.id`,
    [residentId, sessionId, sessionId, residentId],
  );
  const votedQuestionIds = (JSON.parse(rows[0]!.voted_ids) as number[]).sort((a, b) => a - b);
  const questions = rows.filter((row): row is QuestionRow & { voted_ids: string } => row.id != null).map(({ voted_ids: _unused, ...row }) => row);
  return { questions, votedQuestionIds };
}

export interface NewQuestion {
  sessionId: number;
  residentId: string;
  clientKey: string;
  text: string;
  authorName: string | null;
  /** Null keeps the name unpublished. */
  nameBasis: NameBasis | null;
  topic: string | null;
  status: QuestionStatus;
  createdAt: Date;
  channel?: QuestionChannel;
  externalRef?: string | null;
}

/** The next `TD-YYYY-MM-NNNN` of the month (Hanoi time) the question arrives in; runs inside the inserting write. */
async function nextTrackingCode(tx: Tx, at: Date): Promise<string> {
  const prefix = `TD-${hanoiDay(at).slice(0, 7)}-`;
  const row = await tx.get<{ n: number | null }>(
    "SELECT MAX(CAST(substr(tracking_code, 12) AS INTEGER)) AS n FROM questions WHERE tracking_code >= ? AND tracking_code < ?",
    [prefix, `${prefix.slice(0, -1)}.`],
  );
  return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

export async function insertQuestion(tx: Tx, q: NewQuestion): Promise<QuestionRow> {
  const row = await tx.get<QuestionRow>(
    `INSERT INTO questions (session_id, resident_id, client_key, text, author_name, name_public, name_basis, topic, status,
       created_at, tracking_code, channel, external_ref)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      q.sessionId,
      q.residentId,
      scopedKey(q.sessionId, q.clientKey),
      q.text,
      q.authorName,
      q.authorName && q.nameBasis ? 1 : 0,
      q.authorName ? q.nameBasis : null,
      q.topic,
      q.status,
      q.createdAt.toISOString(),
      await nextTrackingCode(tx, q.createdAt),
      q.channel ?? 'online',
      q.externalRef ?? null,
    ],
  );
  return row!;
}

/** Where in its session's record a question was taken (on stage, or marked answered): the replay's `?t=`. */
export async function findLiveMoment(q: Queryable, questionId: number): Promise<{ sessionId: number; ms: number } | null> {
  const row = await q.get<{ session_id: number; staged_at: string | null; answered_at: string | null; starts_at: string; live_at: string | null }>(
    `SELECT q.session_id, q.staged_at, q.answered_at, s.starts_at, s.live_at FROM questions q JOIN sessions s ON s.id = q.session_id WHERE q.id = ?`,
    [questionId],
  );
  const ms = row ? recordOffset({ startsAt: row.starts_at, liveAt: row.live_at }, row.staged_at ?? row.answered_at) : null;
  return row && ms !== null ? { sessionId: row.session_id, ms } : null;
}

export async function findByTrackingCode(q: Queryable, code: string): Promise<QuestionRow | undefined> {
  return q.get<QuestionRow>('SELECT * FROM questions WHERE tracking_code = ?', [code]);
}

export type QuestionPatch = Partial<
  Pick<QuestionRow, 'text' | 'original_text' | 'status' | 'reject_reason' | 'reject_note' | 'staged_at' | 'answered_at' | 'merged_into'>
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

export type HeldQuestion = QuestionRow & {
  rating: string | null;
  rating_comment: string | null;
  reopen_reason: string | null;
  followup_status: string | null;
  merged_here: number;
};

/** A resident's questions with what their follow-up holds from them, and whether others were merged into each. */
export async function listHeldQuestions(q: Queryable, residentId: string): Promise<HeldQuestion[]> {
  return q.all<HeldQuestion>(
    `SELECT q.*, f.rating, f.rating_comment, f.reopen_reason, f.status AS followup_status,
       (SELECT COUNT(*) FROM questions m WHERE m.merged_into = q.id) AS merged_here
     FROM questions q LEFT JOIN followups f ON f.question_id = q.id
     WHERE q.resident_id = ? ORDER BY q.id`,
    [residentId],
  );
}

/** Keeps the question but nothing on it that names or links its asker. */
export async function anonymizeQuestion(tx: Tx, id: number, unlinkedId: string): Promise<void> {
  await tx.run(
    'UPDATE questions SET resident_id = ?, author_name = NULL, name_public = 0, name_basis = NULL, original_text = NULL WHERE id = ?',
    [unlinkedId, id],
  );
}

/** The question's own row, once every row hanging from it is gone. */
export async function deleteQuestionRow(tx: Tx, id: number): Promise<void> {
  await tx.run('DELETE FROM questions WHERE id = ?', [id]);
}
