import type { Tx, Queryable } from '../core/db/database.ts';

export async function touchHealthProbe(tx: Tx, now: Date): Promise<void> {
  await tx.run('INSERT INTO health_probe (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at', [now.toISOString()]);
}

/** Resolves once the database answers a read; the health check's question. */
export async function probeReads(q: Queryable): Promise<void> {
  await q.get('SELECT 1 AS one');
}

/**
 * Starts a backup run unless another started within the interval (this process's or another's on the same file);
 * returns its id, or null when it is not due.
 */
export async function claimBackupRun(tx: Tx, file: string, now: Date, intervalMs: number): Promise<number | null> {
  const since = new Date(now.getTime() - intervalMs).toISOString();
  const result = await tx.run(
    'INSERT INTO backup_runs (started_at, file) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM backup_runs WHERE started_at > ?)',
    [now.toISOString(), file, since],
  );
  return result.changes === 1 ? result.lastID : null;
}

export async function finishBackupRun(tx: Tx, id: number, outcome: { at: Date; sizeBytes: number } | { at: Date; error: string }): Promise<void> {
  if ('error' in outcome) {
    await tx.run("UPDATE backup_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?", [outcome.at.toISOString(), outcome.error, id]);
  } else {
    await tx.run("UPDATE backup_runs SET status = 'ok', finished_at = ?, size_bytes = ? WHERE id = ?", [outcome.at.toISOString(), outcome.sizeBytes, id]);
  }
}

export interface BackupRunRow {
  finished_at: string;
  file: string;
  size_bytes: number | null;
  error: string | null;
}

export function lastBackupRun(q: Queryable, status: 'ok' | 'failed'): Promise<BackupRunRow | undefined> {
  return q.get<BackupRunRow>(
    'SELECT finished_at, file, size_bytes, error FROM backup_runs WHERE status = ? ORDER BY finished_at DESC, id DESC LIMIT 1',
    [status],
  );
}
