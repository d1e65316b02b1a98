import type { Logger } from 'pino';
import { createApp, type App, type AppDeps } from './app.ts';
import type { Config } from './config.ts';
import type { Database } from './core/db/database.ts';
import type { Clock } from './core/clock.ts';
import { createMetrics } from './ops/metrics.ts';
import { logStartupReport } from './ops/startup-report.ts';
import { countApiErrors } from './media/livekit.ts';
import { prepareDatabase } from './prepare.ts';
import type { DemoSeed } from './units/demo-seed.ts';

export interface Platform {
  app: App;
  db: Database;
  /** Set on the first start of an empty database, with the administrator password to print once. */
  demo: DemoSeed | null;
  close(): Promise<void>;
}

/**
 * Prepares the database and builds the app, not yet listening. `adapter` is the Socket.IO adapter a cluster
 * worker shares with its siblings; otherwise REDIS_URL picks Redis Streams, and the in-memory one is the default.
 */
export async function bootstrap(
  config: Config,
  options: { logger: Logger; clock?: Clock; autoSchedule?: boolean; adapter?: AppDeps['adapter'] },
): Promise<Platform> {
  const { logger, clock = () => new Date() } = options;
  logStartupReport(config, logger);
  const metrics = createMetrics();
  const { db, secret, demo } = await prepareDatabase(config, { logger, clock, onCommit: (seconds) => metrics.commitSeconds.observe(seconds) });
  // Loaded only when used: the Redis client and adapter weigh about 8 MB that a single process never needs.
  const redis = config.redisUrl
    ? await (await import('./realtime/redis-adapter.ts')).connectRedisAdapter(config.redisUrl, logger, () => metrics.redisErrors.inc())
    : null;
  // Loaded only when LiveKit is configured: the SDK and its protocol types are several megabytes of RSS.
  const livekit = config.livekit
    ? countApiErrors((await import('./media/livekit-gateway.ts')).createLiveKitGateway({ config: config.livekit }), (call) => metrics.livekitErrors.inc({ call }))
    : null;
  const app = createApp({ config, db, logger, clock, secret, adapter: redis?.adapter ?? options.adapter, redisPing: redis?.ping, metrics, livekit });
  if (options.autoSchedule ?? true) {
    // Catch up at once with whatever happened while the server was down, then keep time.
    await app.scheduler.tick();
    app.scheduler.start();
    app.notifier.start();
  }
  app.backups?.start();
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
