/**
 * The bare storage ceiling: what the `sqlite3` driver and this disk do with synchronous=FULL and WAL, with no
 * server around them, on the platform's own `votes` table. Run in its own process so nothing else shares its loop.
 */
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { serve } from './ipc.ts';
import { now } from './stats.ts';

export interface StorageCeiling {
  /** Autocommit single-row INSERTs, one after another: one fsync'd transaction each. */
  singleRowTxPerSec: number;
  /** One multi-row INSERT statement per transaction. */
  multiRow: Array<{ rowsPerTx: number; txPerSec: number; rowsPerSec: number }>;
  /** BEGIN, N single-row INSERT statements each awaited, COMMIT: the shape of the server's group commit. */
  statementPerRow: { rowsPerTx: number; rowsPerSec: number; statementRoundTripUs: number };
  durationMsPerCase: number;
}

function promisify(db: sqlite3.Database) {
  return {
    exec: (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve()))),
    prepare: (sql: string) =>
      new Promise<sqlite3.Statement>((resolve, reject) => {
        const stmt = db.prepare(sql, (err) => (err ? reject(err) : resolve(stmt)));
      }),
  };
}

const runStmt = (stmt: sqlite3.Statement, params: unknown[]) =>
  new Promise<void>((resolve, reject) => stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve())));

async function measure(dir: string, durationMs: number): Promise<StorageCeiling> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const conn = new sqlite3.Database(join(dir, 'storage-ceiling.sqlite'), (err) => (err ? reject(err) : resolve(conn)));
  });
  const q = promisify(db);
  await q.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  await q.exec(`CREATE TABLE votes (question_id INTEGER NOT NULL, resident_id TEXT NOT NULL,
    PRIMARY KEY (question_id, resident_id)) WITHOUT ROWID;
    CREATE INDEX votes_resident ON votes (resident_id, question_id);`);
  let seq = 0;
  const row = (): [number, string] => {
    seq += 1;
    return [seq % 500, `resident-${seq.toString(36).padStart(8, '0')}-xxxxxxxxxxxx`];
  };

  const single = await q.prepare('INSERT INTO votes (question_id, resident_id) VALUES (?, ?)');
  let start = now();
  let n = 0;
  while (now() - start < durationMs) {
    await runStmt(single, row());
    n += 1;
  }
  const singleRowTxPerSec = n / ((now() - start) / 1000);

  const multiRow: StorageCeiling['multiRow'] = [];
  for (const rowsPerTx of [50, 100, 200]) {
    const stmt = await q.prepare(`INSERT INTO votes (question_id, resident_id) VALUES ${Array(rowsPerTx).fill('(?, ?)').join(', ')}`);
    start = now();
    let tx = 0;
    while (now() - start < durationMs) {
      await runStmt(stmt, Array.from({ length: rowsPerTx }, row).flat());
      tx += 1;
    }
    const secs = (now() - start) / 1000;
    multiRow.push({ rowsPerTx, txPerSec: tx / secs, rowsPerSec: (tx * rowsPerTx) / secs });
    stmt.finalize();
  }

  const perRow = 100;
  start = now();
  let rows = 0;
  let statementNs = 0;
  while (now() - start < durationMs) {
    await q.exec('BEGIN IMMEDIATE');
    const t = now();
    for (let i = 0; i < perRow; i++) await runStmt(single, row());
    statementNs += (now() - t) * 1e6;
    await q.exec('COMMIT');
    rows += perRow;
  }
  const statementPerRow = {
    rowsPerTx: perRow,
    rowsPerSec: rows / ((now() - start) / 1000),
    statementRoundTripUs: statementNs / 1e3 / rows,
  };
  single.finalize();
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return { singleRowTxPerSec, multiRow, statementPerRow, durationMsPerCase: durationMs };
}

serve({ run: (args: { dir: string; durationMs: number }) => measure(args.dir, args.durationMs) });
