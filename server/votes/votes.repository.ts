import type { Database, Tx } from '../db/database.ts';
import type { Versions } from '../sessions/sessions.repository.ts';

const ROWS_PER_STATEMENT = 400;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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

/**
 * Numbers a tally: moves the session's versions on by one and reads the questions' counts, in one statement that
 * commits alone (see Database.writeOne), so the counts are exactly those at that version.
 */
export async function numberTally(
  db: Pick<Database, 'writeOne'>,
  sessionId: number,
  questionIds: readonly number[],
): Promise<{ versions: Versions; counts: Array<[number, number]> }> {
  const marks = questionIds.map(() => '?').join(', ');
  const [row] = await db.writeOne<{ public_version: number; staff_version: number; counts: string }>(
    `UPDATE sessions SET staff_version = staff_version + 1, public_version = public_version + 1 WHERE id = ?
     RETURNING public_version, staff_version,
       (SELECT json_group_array(json_array(id, vote_count)) FROM questions WHERE id IN (${marks})) AS counts`,
    [sessionId, ...questionIds],
  );
  if (!row) throw new Error(`session ${sessionId} vanished while numbering a change`);
  const counts = (JSON.parse(row.counts) as Array<[number, number]>).sort((a, b) => a[0] - b[0]);
  return { versions: { public: row.public_version, staff: row.staff_version }, counts };
}
