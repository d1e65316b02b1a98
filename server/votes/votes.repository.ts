import type { QuestionStatus } from '../../shared/schemas/question.ts';
import type { SessionState } from '../../shared/schemas/session.ts';
import { placeholders, type Tx, type Queryable } from '../core/db/database.ts';

const ROWS_PER_STATEMENT = 400;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a vote needs to know of its question: where it stands, whether its session takes votes, who asked it. */
export interface VoteTarget {
  id: number;
  session_id: number;
  status: QuestionStatus;
  state: SessionState;
  /** The asker. */
  resident_id: string;
}

/** The vote targets among these question ids, by id, in one statement for a whole batch of votes. */
export async function voteTargets(q: Queryable, questionIds: readonly number[]): Promise<Map<number, VoteTarget>> {
  const rows = await q.all<VoteTarget>(
    `SELECT q.id, q.session_id, q.status, s.state, q.resident_id FROM questions q JOIN sessions s ON s.id = q.session_id
     WHERE q.id IN (${placeholders(questionIds)})`,
    questionIds,
  );
  return new Map(rows.map((t) => [t.id, t]));
}

/**
 * Brings each (question, resident) vote row to the wanted state with multi-row statements, and moves each
 * question's count by exactly the rows that changed, so counts always equal rows. The insert and the delete
 * report the rows they really changed (RETURNING), so no statement is spent asking what is already there: under
 * load every statement waits for a turn of the event loop, and a vote batch is three of them, not five.
 */
export async function applyVoteChanges(
  tx: Tx,
  changes: ReadonlyArray<{ questionId: number; residentId: string; value: boolean }>,
): Promise<Map<number, number>> {
  if (changes.length === 0) return new Map();
  const delta = new Map<number, number>(changes.map((c) => [c.questionId, 0]));
  const move = (rows: ReadonlyArray<{ question_id: number }>, by: number) => {
    for (const row of rows) delta.set(row.question_id, delta.get(row.question_id)! + by);
  };
  for (const part of chunks(changes.filter((c) => c.value), ROWS_PER_STATEMENT)) {
    const inserted = await tx.all<{ question_id: number }>(
      `INSERT INTO votes (question_id, resident_id) VALUES ${part.map(() => '(?, ?)').join(', ')}
       ON CONFLICT DO NOTHING RETURNING question_id`,
      part.flatMap((c) => [c.questionId, c.residentId]),
    );
    move(inserted, 1);
  }
  for (const part of chunks(changes.filter((c) => !c.value), ROWS_PER_STATEMENT)) {
    const deleted = await tx.all<{ question_id: number }>(
      `DELETE FROM votes WHERE (question_id, resident_id) IN (VALUES ${part.map(() => '(?, ?)').join(', ')})
       RETURNING question_id`,
      part.flatMap((c) => [c.questionId, c.residentId]),
    );
    move(deleted, -1);
  }
  // One statement moves every count and returns the new ones, whatever the number of questions in the batch.
  const rows = await tx.all<{ id: number; vote_count: number }>(
    `UPDATE questions SET vote_count = vote_count + d.column2
     FROM (VALUES ${[...delta.keys()].map(() => '(?, ?)').join(', ')}) AS d
     WHERE questions.id = d.column1 RETURNING id, vote_count`,
    [...delta].flat(),
  );
  return new Map(rows.map((r) => [r.id, r.vote_count]));
}

/** Moves one question's votes to another (a resident who voted for both counts once) and recounts both from the rows. */
export async function moveVotes(tx: Tx, fromId: number, intoId: number): Promise<void> {
  await tx.run('INSERT OR IGNORE INTO votes (question_id, resident_id) SELECT ?, resident_id FROM votes WHERE question_id = ?', [intoId, fromId]);
  await tx.run('DELETE FROM votes WHERE question_id = ?', [fromId]);
  await tx.run('UPDATE questions SET vote_count = (SELECT COUNT(*) FROM votes WHERE question_id = questions.id) WHERE id IN (?, ?)', [intoId, fromId]);
}

export async function listHeldVotes(q: Queryable, residentId: string) {
  return q.all<{ questionId: number; sessionId: number; trackingCode: string; text: string }>(
    `SELECT q.id AS questionId, q.session_id AS sessionId, q.tracking_code AS trackingCode, q.text
     FROM votes v JOIN questions q ON q.id = v.question_id WHERE v.resident_id = ? ORDER BY q.id`,
    [residentId],
  );
}

/** Removes a resident's votes; returns the questions whose counts changed, recounted from the remaining rows. */
export async function deleteResidentVotes(tx: Tx, residentId: string): Promise<Array<{ questionId: number; sessionId: number }>> {
  const rows = await tx.all<{ question_id: number }>('DELETE FROM votes WHERE resident_id = ? RETURNING question_id', [residentId]);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.question_id);
  const marks = ids.map(() => '?').join(', ');
  await tx.run(`UPDATE questions SET vote_count = (SELECT COUNT(*) FROM votes WHERE question_id = questions.id) WHERE id IN (${marks})`, ids);
  return tx.all(`SELECT id AS questionId, session_id AS sessionId FROM questions WHERE id IN (${marks})`, ids);
}

/** The votes on a question that is being deleted (its count goes with it). */
export async function deleteQuestionVotes(tx: Tx, questionId: number): Promise<void> {
  await tx.run('DELETE FROM votes WHERE question_id = ?', [questionId]);
}
