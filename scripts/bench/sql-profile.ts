/**
 * Counts the SQL statements the server issues and how long each takes from call to callback, by wrapping the
 * sqlite3 driver's methods in the benchmark's server process only, on its main thread: the vote writer thread's
 * connection is not seen. The server awaits every statement before the next on its main writer connection, so the
 * sum of that writer's round trips is how long it held or waited for SQLite's one write lock.
 */
import sqlite3 from 'sqlite3';

export interface SqlKindStats {
  kind: string;
  count: number;
  totalMs: number;
  meanUs: number;
}

export interface SqlStats {
  /** Per connection in the order they were first used: the writer is opened (and used) first. */
  connections: Array<{ label: string; statements: number; busyMs: number; kinds: SqlKindStats[] }>;
}

type Method = 'run' | 'get' | 'all' | 'exec';

const connectionIndex = new WeakMap<object, number>();
let perConnection: Array<Map<string, { count: number; ns: bigint }>> = [];

function kindOf(sql: string): string {
  const words = sql.trim().replace(/\s+/g, ' ').split(' ');
  const first = (words[0] ?? '').toUpperCase();
  // Two words where one says too little: which table an INSERT hits, whether a ROLLBACK is to a savepoint.
  if (first === 'INSERT' || first === 'DELETE') return words.slice(0, 5).join(' ').toUpperCase();
  if (first === 'UPDATE') return words.slice(0, 2).join(' ').toUpperCase();
  if (first === 'SELECT') {
    const from = sql.match(/\bFROM\s+(\w+)/i);
    return `SELECT … FROM ${from ? from[1] : '?'}`;
  }
  if (first === 'ROLLBACK' || first === 'PRAGMA') return words.slice(0, 2).join(' ').toUpperCase();
  return first;
}

export function installSqlProfile(): void {
  const proto = sqlite3.Database.prototype as unknown as Record<Method, (...args: unknown[]) => unknown>;
  for (const method of ['run', 'get', 'all', 'exec'] as const) {
    const original = proto[method];
    proto[method] = function profiled(this: object, ...args: unknown[]) {
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function' && typeof args[0] === 'string') {
        let index = connectionIndex.get(this);
        if (index === undefined) {
          index = perConnection.length;
          connectionIndex.set(this, index);
          perConnection.push(new Map());
        }
        const kind = kindOf(args[0]);
        const started = process.hrtime.bigint();
        const bucket = perConnection[index]!;
        args[last] = function timed(this: unknown, ...results: unknown[]) {
          const entry = bucket.get(kind) ?? { count: 0, ns: 0n };
          entry.count += 1;
          entry.ns += process.hrtime.bigint() - started;
          bucket.set(kind, entry);
          return (callback as (...a: unknown[]) => unknown).apply(this, results);
        };
      }
      return original.apply(this, args);
    };
  }
}

export function resetSqlProfile(): void {
  perConnection = perConnection.map(() => new Map());
}

export function sqlProfile(): SqlStats {
  return {
    connections: perConnection.map((kinds, i) => {
      const list = [...kinds].map(([kind, { count, ns }]) => ({
        kind,
        count,
        totalMs: Number(ns) / 1e6,
        meanUs: count ? Number(ns) / 1e3 / count : 0,
      }));
      list.sort((a, b) => b.totalMs - a.totalMs);
      return {
        label: i === 0 ? 'writer' : i === 1 ? 'reader' : `connection ${i}`,
        statements: list.reduce((s, k) => s + k.count, 0),
        busyMs: list.reduce((s, k) => s + k.totalMs, 0),
        kinds: list,
      };
    }),
  };
}
