import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import sqlite3 from 'sqlite3';
import type { BackupStatus } from '../../shared/schemas/operations.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { claimBackupRun, finishBackupRun, lastBackupRun } from './ops.repository.ts';

/** Scheduled copies carry their own prefix, so pruning never deletes one an operator took by hand. */
const SCHEDULED = /^toadam-auto-\d{8}-\d{6}-\d{3}\.sqlite$/;

export function scheduledBackupName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19);
  return `toadam-auto-${stamp}.sqlite`;
}

/** Opens the copy read-only and runs SQLite's integrity check; throws with what it found unless it says `ok`. */
export async function verifyBackup(file: string): Promise<void> {
  const conn = await new Promise<sqlite3.Database>((resolve, reject) => {
    const c = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(c)));
  });
  try {
    const rows = await new Promise<Array<{ integrity_check: string }>>((resolve, reject) =>
      conn.all('PRAGMA integrity_check', (err: Error | null, result: Array<{ integrity_check: string }>) => (err ? reject(err) : resolve(result))),
    );
    const findings = rows.map((row) => row.integrity_check);
    if (findings.join() !== 'ok') throw new Error(`integrity check failed: ${findings.slice(0, 5).join('; ')}`);
  } finally {
    await new Promise<void>((resolve) => conn.close(() => resolve()));
  }
}

/** Writes a consistent copy (`VACUUM INTO`) and verifies it; a copy that fails its check is removed. */
export async function writeVerifiedBackup(db: Database, file: string): Promise<{ sizeBytes: number }> {
  await db.backupTo(file);
  try {
    await verifyBackup(file);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
  return { sizeBytes: statSync(file).size };
}

/** Keeps the newest `keep` scheduled copies in the folder; returns the names removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = readdirSync(dir)
    .filter((name) => SCHEDULED.test(name))
    .sort()
    .reverse()
    .slice(keep);
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}

export interface BackupSchedule {
  dir: string;
  intervalMs: number;
  keep: number;
}

export interface BackupScheduler {
  /** Takes a backup if none was started within the interval, by this process or another on the same database. */
  runIfDue(): Promise<'not-due' | 'ok' | 'failed'>;
  start(): void;
  /** Stops the timer and waits for a backup under way. */
  stop(): Promise<void>;
}

export function createBackupScheduler(deps: { db: Database; schedule: BackupSchedule; clock: Clock; logger: Logger; onFailure?: () => void }): BackupScheduler {
  const { db, schedule, clock, logger, onFailure } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function run(): Promise<'not-due' | 'ok' | 'failed'> {
    const started = clock();
    const name = scheduledBackupName(started);
    const id = await db.write((tx) => claimBackupRun(tx, name, started, schedule.intervalMs));
    if (id === null) return 'not-due';
    const file = join(schedule.dir, name);
    try {
      mkdirSync(schedule.dir, { recursive: true });
      const { sizeBytes } = await writeVerifiedBackup(db, file);
      await db.write((tx) => finishBackupRun(tx, id, { at: clock(), sizeBytes }));
      const removed = pruneBackups(schedule.dir, schedule.keep);
      logger.info({ file, sizeBytes, removed }, 'backup written and verified');
      return 'ok';
    } catch (error) {
      onFailure?.();
      logger.error({ err: error, file }, 'scheduled backup failed');
      await db
        .write((tx) => finishBackupRun(tx, id, { at: clock(), error: error instanceof Error ? error.message : String(error) }))
        .catch((writeError: unknown) => logger.error({ err: writeError }, 'could not record the failed backup'));
      return 'failed';
    }
  }

  function runIfDue() {
    const current = (running ??= run().finally(() => (running = null)));
    return current as Promise<'not-due' | 'ok' | 'failed'>;
  }

  return {
    runIfDue,
    start() {
      // Checked four times an interval, at least once a minute: a check that comes a moment too early finds the
      // backup not yet due, and the next one is then never more than a quarter of an interval (or a minute) late.
      const every = Math.min(schedule.intervalMs / 4, 60_000);
      const tick = () => {
        void runIfDue().catch((error: unknown) => logger.error({ err: error }, 'backup scheduling failed'));
        timer = setTimeout(tick, every);
        timer.unref();
      };
      tick();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

/** What administrators see: the last good backup and its age, and the last failure. */
export async function readBackupStatus(db: Database, schedule: BackupSchedule | null, now: Date): Promise<BackupStatus> {
  const good = await lastBackupRun(db, 'ok');
  const failed = await lastBackupRun(db, 'failed');
  return {
    enabled: schedule !== null,
    intervalHours: schedule ? schedule.intervalMs / 3_600_000 : null,
    keep: schedule?.keep ?? 0,
    lastGood: good
      ? { at: good.finished_at, file: good.file, sizeBytes: good.size_bytes ?? 0, ageSeconds: Math.max(0, (now.getTime() - Date.parse(good.finished_at)) / 1000) }
      : null,
    lastFailure: failed ? { at: failed.finished_at, error: failed.error ?? '' } : null,
  };
}
