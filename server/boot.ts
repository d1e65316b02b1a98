import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { CONTACT_CHANNELS } from '../shared/schemas/notify.ts';
import { createApp, type App } from './app.ts';
import { resolveSecret } from './auth/secret.ts';
import { createStaffService } from './auth/staff.service.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import type { Clock } from './limits/rate-limiter.ts';
import { ensureCalendar } from './followups/calendar.repository.ts';
import { seedDemo, type DemoSeed } from './units/demo-seed.ts';

export interface Platform {
  app: App;
  db: Database;
  /** Set on the first start of an empty database, with the administrator password to print once. */
  demo: DemoSeed | null;
  close(): Promise<void>;
}

/** Opens and migrates the database, seeds the demo on an empty one, and builds the app, not yet listening. */
export async function bootstrap(
  config: Config,
  options: { logger: Logger; clock?: Clock; autoSchedule?: boolean },
): Promise<Platform> {
  const { logger, clock = () => new Date() } = options;
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const db = await openDatabase(config.databasePath, { maxBatch: config.writeBatchMax });
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'database migrated');
  const secret = await resolveSecret(db, config.sessionSecret);
  await db.write(ensureCalendar);
  const consoleStaff = createStaffService({ db, clock });
  const demo = config.seedDemo ? await seedDemo(db, consoleStaff, clock()) : null;
  // Loaded only when used: the Redis client and adapter weigh about 8 MB that a single process never needs.
  const redis = config.redisUrl ? await (await import('./realtime/redis-adapter.ts')).connectRedisAdapter(config.redisUrl, logger) : null;
  const app = createApp({ config, db, logger, clock, secret, adapter: redis?.adapter });
  if (options.autoSchedule ?? true) {
    // Catch up at once with whatever happened while the server was down, then keep time.
    await app.scheduler.tick();
    app.scheduler.start();
    app.notifier.start();
  }
  const off = CONTACT_CHANNELS.filter((name) => !app.notifier.channels.includes(name));
  if (off.length > 0) logger.info({ off }, `notification channels off: ${off.join(', ')} (see README, "Notifications")`);
  return {
    app,
    db,
    demo,
    async close() {
      await app.close();
      await redis?.close();
      await db.close();
    },
  };
}
