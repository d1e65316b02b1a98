import { join } from 'node:path';

/** The environment every server under test gets: as `npm start` runs it, measured alone, limits out of the way. */
export function serverEnv(dir: string, dbPath: string) {
  return {
    NODE_ENV: 'production',
    // As `npm start` runs the server (see the README); the bare server gets the same allocator.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    // Every benchmark resident connects from 127.0.0.1: the per-IP limits would otherwise cap the whole load.
    VOTES_PER_MINUTE: '100000',
    VOTES_PER_MINUTE_PER_IP: '10000000',
    QUESTIONS_PER_MINUTE: '1000',
    QUESTIONS_PER_MINUTE_PER_IP: '100000',
    // Measured alone: one process, in-memory adapter, a fresh secret in the fresh database.
    REDIS_URL: undefined,
    SESSION_SECRET: undefined,
    FANOUT: undefined,
    WRITE_BATCH_MAX: undefined,
    CLIENT_DIST: join(dir, 'no-client'),
    SEED_DEMO: 'true',
  };
}
