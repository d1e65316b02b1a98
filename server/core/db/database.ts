import sqlite3 from 'sqlite3';
import { isStorageFull } from './storage.ts';
import { createWriteTurns, endTurn, takeTurn, type WriteTurns } from './write-turns.ts';

export type Param = string | number | bigint | null | Uint8Array;
export type Params = readonly Param[];

export interface RunResult {
  changes: number;
  lastID: number;
}

/** Statements inside one write job; they share the job's transaction with the jobs batched beside it. */
export interface Tx {
  run(sql: string, params?: Params): Promise<RunResult>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

/** What a read needs: a transaction, or the database itself outside one. */
export type Queryable = Pick<Tx, 'get' | 'all'>;

/** `?, ?, ?` for an `IN (…)` list of these values, which are then bound, never spliced into the SQL. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

export interface Database {
  /** Reads the last committed state in one read transaction: it sees every write acked before it was called. */
  read<T>(job: (tx: Tx) => Promise<T>): Promise<T>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  /**
   * Runs a job in a transaction and resolves only once that transaction is committed. Jobs that queue up while a
   * commit is under way are committed together (group commit); each runs in its own savepoint, so a job that
   * throws is rolled back alone and the others still commit.
   */
  write<T>(job: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs one statement as a transaction of its own, in its place among the queued writes, and returns its rows.
   * SQLite's implicit transaction holds the write lock for that statement alone, while a `write` job holds it from
   * BEGIN to COMMIT across a turn of this thread's event loop for every statement: under a fan-out those turns
   * are long, and the vote writer thread waited for all of them.
   */
  writeOne<T>(sql: string, params?: Params): Promise<T[]>;
  /**
   * Copies the WAL into the database file and empties it, so rows deleted since (secure_delete zeroes them in the
   * pages) leave no old page images behind in the WAL. Best effort: a reader still on an old snapshot keeps it.
   */
  truncateWal(): Promise<void>;
  /** Writes a consistent, compact copy of the database to a new file while writes go on (`VACUUM INTO`). */
  backupTo(file: string): Promise<void>;
  close(): Promise<void>;
  readonly path: string;
  /** Whether the last write transaction, or a job in it, failed for lack of storage. */
  readonly storageFull: boolean;
  /** Turns at the write lock, to share with the process's other writers (see write-turns.ts). */
  readonly writeTurns: WriteTurns;
  /** Writes waiting for the next commit. */
  readonly queueDepth: number;
}

export interface OpenOptions {
  /** Most jobs one commit may carry; 1 turns group commit off (one transaction per write). */
  maxBatch?: number;
  synchronous?: 'FULL' | 'NORMAL';
  /** Read-only connections; reads run side by side on them (WAL readers do not block each other or the writer). */
  readers?: number;
  /** Another writer's turns, for a second writer of the same file in this process (the vote writer thread). */
  writeTurns?: WriteTurns;
  /** Told how long each batch took, from waiting for the write lock to its commit (for /metrics). */
  onCommit?: (seconds: number) => void;
}

function checkParams(params: Params): void {
  for (const p of params) {
    const type = typeof p;
    if (!(p === null || type === 'string' || type === 'number' || type === 'bigint' || p instanceof Uint8Array)) {
      throw new TypeError(`SQL parameter of type ${type} is not allowed`);
    }
  }
}

function bind(conn: sqlite3.Database): Tx {
  return {
    run(sql, params = []) {
      checkParams(params);
      return new Promise((resolve, reject) => {
        conn.run(sql, params as unknown[], function onRun(this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve({ changes: this.changes, lastID: this.lastID });
        });
      });
    },
    get<T>(sql: string, params: Params = []) {
      checkParams(params);
      return new Promise<T | undefined>((resolve, reject) => {
        conn.get(sql, params as unknown[], (err: Error | null, row: T) => (err ? reject(err) : resolve(row)));
      });
    },
    all<T>(sql: string, params: Params = []) {
      checkParams(params);
      return new Promise<T[]>((resolve, reject) => {
        conn.all(sql, params as unknown[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
      });
    },
    exec(sql) {
      return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
    },
  };
}

function openConnection(path: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const conn = new sqlite3.Database(path, mode, (err) => (err ? reject(err) : resolve(conn)));
  });
}

function closeConnection(conn: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => conn.close((err) => (err ? reject(err) : resolve())));
}

interface Pending {
  job: (tx: Tx) => Promise<unknown>;
  /** One statement, run outside BEGIN … COMMIT: a commit of its own (writeOne). */
  alone?: boolean;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Runs each job on an idle connection, or on the first to become idle, in the order the jobs were asked for. */
function connectionPool(connections: readonly Tx[]) {
  const idle = [...connections];
  const waiting: Array<(tx: Tx) => void> = [];
  const onAllIdle: Array<() => void> = [];

  function release(tx: Tx): void {
    const next = waiting.shift();
    if (next) return next(tx);
    idle.push(tx);
    if (idle.length === connections.length) onAllIdle.splice(0).forEach((resolve) => resolve());
  }

  return {
    async run<T>(job: (tx: Tx) => Promise<T>): Promise<T> {
      if (connections.length === 0) throw new Error('this database was opened without read connections');
      const tx = idle.pop() ?? (await new Promise<Tx>((resolve) => waiting.push(resolve)));
      try {
        return await job(tx);
      } finally {
        release(tx);
      }
    },
    allIdle(): Promise<void> {
      return idle.length === connections.length ? Promise.resolve() : new Promise((resolve) => onAllIdle.push(resolve));
    },
  };
}

/**
 * Opens the database with one connection for writes and a few for reads. WAL lets readers see the last commit
 * while a write transaction is open, and keeping writes on their own connection means no read can ever observe
 * a write that has not been committed (and acked) yet. Several readers let thousands of residents joining at
 * once read side by side: each statement costs a turn of the event loop, and one reader made every join wait
 * for all the reads queued before it.
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  const { maxBatch = 256, synchronous = 'FULL', readers: readerCount = 2, writeTurns = createWriteTurns(), onCommit } = options;
  const writer = await openConnection(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
  const w = bind(writer);
  await w.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON;`);
  // What the main connection deletes (a resident's erased data, Law 91/2025/QH15 Art. 14) is overwritten with
  // zeros rather than left readable in free space. Votes, deleted by the vote writer thread, are not personal text.
  await w.exec('PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON;');
  const readerConnections = await Promise.all(Array.from({ length: readerCount }, () => openConnection(path, sqlite3.OPEN_READONLY)));
  const readers = readerConnections.map(bind);
  for (const r of readers) await r.exec('PRAGMA busy_timeout = 5000;');
  const pool = connectionPool(readers);
  const queue: Pending[] = [];
  let draining = false;
  let closed = false;
  let storageFull = false;

  async function commitAlone(item: Pending): Promise<void> {
    const started = performance.now();
    await takeTurn(writeTurns);
    try {
      const value = await item.job(w);
      endTurn(writeTurns);
      onCommit?.((performance.now() - started) / 1000);
      item.resolve(value);
    } catch (error) {
      endTurn(writeTurns);
      if (isStorageFull(error)) storageFull = true;
      item.reject(error);
    }
  }

  async function commitBatch(batch: Pending[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const started = performance.now();
    await takeTurn(writeTurns);
    try {
      await w.exec('BEGIN IMMEDIATE');
      // A lone job needs no savepoint: if it throws, rolling back the whole transaction undoes just that job.
      // That saves two statements, and under load each statement waits for a turn of a busy event loop.
      if (batch.length === 1) outcomes.push({ ok: true, value: await batch[0]!.job(w) });
      else {
        for (const item of batch) {
          await w.exec('SAVEPOINT job');
          try {
            const value = await item.job(w);
            await w.exec('RELEASE job');
            outcomes.push({ ok: true, value });
          } catch (error) {
            await w.exec('ROLLBACK TO job; RELEASE job');
            outcomes.push({ ok: false, error });
          }
        }
      }
      await w.exec('COMMIT');
      storageFull = outcomes.some((outcome) => !outcome.ok && isStorageFull(outcome.error));
    } catch (error) {
      if (isStorageFull(error)) storageFull = true;
      await w.exec('ROLLBACK').catch(() => undefined);
      endTurn(writeTurns);
      for (const item of batch) item.reject(error);
      return;
    }
    endTurn(writeTurns);
    onCommit?.((performance.now() - started) / 1000);
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (queue.length > 0) {
        if (queue[0]!.alone) await commitAlone(queue.shift()!);
        else {
          // A batch stops before a statement that commits alone, so writes still commit in the order they came.
          const alone = queue.findIndex((item) => item.alone);
          await commitBatch(queue.splice(0, alone < 0 ? maxBatch : Math.min(alone, maxBatch)));
        }
      }
    } finally {
      draining = false;
    }
  }

  function enqueue<T>(item: Pick<Pending, 'job' | 'alone'>): Promise<T> {
    if (closed) return Promise.reject(new Error('database is closed'));
    return new Promise<T>((resolve, reject) => {
      queue.push({ ...item, resolve: resolve as (value: unknown) => void, reject });
      void drain();
    });
  }

  return {
    path,
    writeTurns,
    get queueDepth() {
      return queue.length;
    },
    get storageFull() {
      return storageFull;
    },
    read(job) {
      return pool.run(async (r) => {
        await r.exec('BEGIN');
        try {
          return await job(r);
        } finally {
          await r.exec('COMMIT');
        }
      });
    },
    get(sql, params) {
      return pool.run((r) => r.get(sql, params));
    },
    all(sql, params) {
      return pool.run((r) => r.all(sql, params));
    },
    write<T>(job: (tx: Tx) => Promise<T>) {
      return enqueue<T>({ job });
    },
    writeOne<T>(sql: string, params?: Params) {
      return enqueue<T[]>({ job: (tx) => tx.all<T>(sql, params), alone: true });
    },
    async truncateWal() {
      // Its own connection: the writer's may be inside a transaction, where a checkpoint cannot run.
      const conn = await openConnection(path, sqlite3.OPEN_READWRITE);
      const c = bind(conn);
      try {
        await c.exec('PRAGMA busy_timeout = 5000; PRAGMA wal_checkpoint(TRUNCATE);');
      } finally {
        await closeConnection(conn);
      }
    },
    backupTo(file) {
      // VACUUM refuses to run inside a transaction, so this one statement bypasses read()'s BEGIN.
      return pool.run((r) => r.run('VACUUM INTO ?', [file]).then(() => undefined));
    },
    async close() {
      closed = true;
      while (draining || queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await pool.allIdle();
      await Promise.all(readerConnections.map(closeConnection));
      await w.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
      await closeConnection(writer);
    },
  };
}
