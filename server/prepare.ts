import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { resolveSecret } from './auth/secret.ts';
import { createStaffService } from './staff/staff.service.ts';
import type { Config } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { migrate } from './core/db/migrate.ts';
import { explainOpenError } from './core/db/storage.ts';
import { ensureCalendar } from './calendar/calendar.repository.ts';
import type { Clock } from './core/clock.ts';
import { seedDemo } from './units/demo-seed.ts';

/**
 * Opens and migrates the database, resolves the cookie secret and seeds the demo on an empty one. With several
 * worker processes the primary does this once before they start, so they never race to migrate or seed.
 */
export async function prepareDatabase(config: Config, options: { logger: Logger; clock: Clock; onCommit?: (seconds: number) => void }) {
  const { logger, clock, onCommit } = options;
  mkdirSync(dirname(config.databasePath), { recursive: true });
  // A database the server cannot write is named as such, not as SQLite's 'unable to open database file'.
  const db = await openDatabase(config.databasePath, { maxBatch: config.writeBatchMax, onCommit }).catch((error: unknown) => {
    throw explainOpenError(error, config.databasePath);
  });
  const applied = await migrate(db).catch(async (error: unknown) => {
    await db.close().catch(() => undefined);
    throw explainOpenError(error, config.databasePath);
  });
  if (applied.length) logger.info({ applied }, 'database migrated');
  const secret = await resolveSecret(db, config.sessionSecret);
  await db.write(ensureCalendar);
  const consoleStaff = createStaffService({ db, clock });
  const demo = config.seedDemo ? await seedDemo(db, consoleStaff, clock()) : null;
  return { db, secret, demo };
}
