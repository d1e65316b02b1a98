import type { Tx } from '../db/database.ts';
import type { Queryable } from '../sessions/sessions.repository.ts';

/** Adds or removes one resident's vote and keeps the question's count equal to its vote rows. */
export async function setVoteRow(tx: Tx, questionId: number, residentId: string, value: boolean): Promise<number> {
  const change = value
    ? await tx.run('INSERT OR IGNORE INTO votes (question_id, resident_id) VALUES (?, ?)', [questionId, residentId])
    : await tx.run('DELETE FROM votes WHERE question_id = ? AND resident_id = ?', [questionId, residentId]);
  if (change.changes === 0) {
    const row = await tx.get<{ vote_count: number }>('SELECT vote_count FROM questions WHERE id = ?', [questionId]);
    return row!.vote_count;
  }
  const row = await tx.get<{ vote_count: number }>(
    'UPDATE questions SET vote_count = vote_count + ? WHERE id = ? RETURNING vote_count',
    [value ? 1 : -1, questionId],
  );
  return row!.vote_count;
}

export async function listVotedQuestionIds(q: Queryable, sessionId: number, residentId: string): Promise<number[]> {
  const rows = await q.all<{ question_id: number }>(
    `SELECT v.question_id FROM votes v JOIN questions q ON q.id = v.question_id
     WHERE v.resident_id = ? AND q.session_id = ? ORDER BY v.question_id`,
    [residentId, sessionId],
  );
  return rows.map((row) => row.question_id);
}

export async function voteCounts(q: Queryable, questionIds: readonly number[]): Promise<Array<[number, number]>> {
  const marks = questionIds.map(() => '?').join(', ');
  const rows = await q.all<{ id: number; vote_count: number }>(
    `SELECT id, vote_count FROM questions WHERE id IN (${marks}) ORDER BY id`,
    questionIds,
  );
  return rows.map((row) => [row.id, row.vote_count]);
}
