/**
 * Lost and duplicated votes: after the server has stopped (and flushed), the acks are compared with the rows and
 * the stored counts in the SQLite file itself.
 */
import sqlite3 from 'sqlite3';

export interface VoteAudit {
  /** Pairs the acks say are on. */
  expectedOn: number;
  /** Pairs sent but never acked (either outcome is correct for them); left out of the comparison. */
  ambiguous: number;
  rowsInFile: number;
  /** Acked on, but no row in the file. */
  lost: number;
  /** A row the acks do not account for (acked off, or never voted). */
  extra: number;
  /** Questions whose stored vote_count differs from their number of vote rows. */
  countMismatches: number;
  /** Sum over questions of |vote_count − rows|. */
  countDrift: number;
}

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
}

export async function auditVotes(
  dbPath: string,
  expected: { on: Array<[string, number]>; ambiguous: Array<[string, number]> },
  benchQuestionIds: number[],
): Promise<VoteAudit> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const conn = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(conn)));
  });
  try {
    const inBench = new Set(benchQuestionIds);
    const rows = (await all<{ question_id: number; resident_id: string }>(db, 'SELECT question_id, resident_id FROM votes')).filter((r) =>
      inBench.has(r.question_id),
    );
    const key = (residentId: string, questionId: number) => `${questionId}|${residentId}`;
    const inFile = new Set(rows.map((r) => key(r.resident_id, r.question_id)));
    const ambiguous = new Set(expected.ambiguous.map(([r, q]) => key(r, q)));
    const on = new Set(expected.on.map(([r, q]) => key(r, q)));
    let lost = 0;
    for (const k of on) if (!inFile.has(k)) lost += 1;
    let extra = 0;
    for (const k of inFile) if (!on.has(k) && !ambiguous.has(k)) extra += 1;
    const counts = await all<{ id: number; vote_count: number; rows: number }>(
      db,
      `SELECT q.id, q.vote_count, (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id) AS rows FROM questions q`,
    );
    let countMismatches = 0;
    let countDrift = 0;
    for (const c of counts) {
      if (c.vote_count !== c.rows) {
        countMismatches += 1;
        countDrift += Math.abs(c.vote_count - c.rows);
      }
    }
    return { expectedOn: on.size, ambiguous: ambiguous.size, rowsInFile: rows.length, lost, extra, countMismatches, countDrift };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
