import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds, from a 1 ms ack to a 5 s one: a command slower than that has already failed the resident. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What only the running app can count; read at each scrape rather than kept up to date on every change. */
export interface MetricSources {
  socketsByAudience(): Record<'resident' | 'staff', number>;
  liveSessions(): Promise<number>;
  writeQueueDepth(): number;
  /** When the last verified backup was written, null before the first one or when backups are off. */
  lastGoodBackup(): Promise<Date | null>;
}

let processRegistry: Registry | null = null;

/**
 * Node's own figures, among them the event loop's delay (nodejs_eventloop_lag_*, from perf_hooks), once per
 * process: each collection keeps its own observers for the life of the process.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The platform's figures in Prometheus' text format. One registry per platform (not prom-client's global one), so
 * several servers in one process (the tests) each count their own.
 */
export function createMetrics() {
  const own = new Registry();
  let sources: MetricSources | null = null;
  const registers = [own];

  const metrics = {
    commands: new Counter({
      name: 'toadam_commands_total',
      help: 'Socket commands acked, by command and outcome (ok, or the error code: bad_request, rate_limited…)',
      labelNames: ['command', 'outcome'] as const,
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'toadam_command_ack_seconds',
      help: 'Time from receiving a command to acking it (after its commit), by command',
      labelNames: ['command'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'toadam_db_commit_seconds',
      help: 'Time to run and commit one batch of writes (group commit), waiting for the write lock included',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    fanoutSeconds: new Histogram({
      name: 'toadam_fanout_seconds',
      help: 'Time the event loop spends sending one batch of broadcasts to their rooms',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    livekitErrors: new Counter({
      name: 'toadam_livekit_api_errors_total',
      help: 'Calls to the LiveKit API that failed, by call',
      labelNames: ['call'] as const,
      registers,
    }),
    redisErrors: new Counter({
      name: 'toadam_redis_errors_total',
      help: 'Errors reported by the Redis connection that shares rooms and broadcasts between processes',
      registers,
    }),
    rateLimited: new Counter({
      name: 'toadam_rate_limit_refusals_total',
      help: 'Writes refused by a rate limit, by what was limited',
      labelNames: ['what'] as const,
      registers,
    }),
    backupFailures: new Counter({
      name: 'toadam_backup_failures_total',
      help: 'Scheduled backups that failed (copy or integrity check)',
      registers,
    }),
    /** Called once the app exists; figures read at scrape time answer nothing before. */
    watch(next: MetricSources) {
      sources = next;
    },
  };

  new Gauge({
    name: 'toadam_sockets_connected',
    help: 'Sockets connected to this process, by audience (staff signed in, or resident)',
    labelNames: ['audience'] as const,
    registers,
    collect() {
      if (!sources) return;
      for (const [audience, count] of Object.entries(sources.socketsByAudience())) this.set({ audience }, count);
    },
  });
  new Gauge({
    name: 'toadam_sessions_live',
    help: 'Sessions that are live now (all processes: read from the database)',
    registers,
    async collect() {
      if (sources) this.set(await sources.liveSessions());
    },
  });
  new Gauge({
    name: 'toadam_db_write_queue_depth',
    help: 'Writes waiting for the next commit in this process',
    registers,
    collect() {
      if (sources) this.set(sources.writeQueueDepth());
    },
  });
  new Gauge({
    name: 'toadam_backup_last_success_age_seconds',
    help: 'Age of the last verified backup; +Inf while there is none, so an alert on a maximum age fires',
    registers,
    async collect() {
      if (!sources) return;
      const at = await sources.lastGoodBackup();
      this.set(at ? (Date.now() - at.getTime()) / 1000 : Number.POSITIVE_INFINITY);
    },
  });

  return { ...metrics, registry: Registry.merge([processMetrics(), own]) };
}
export type Metrics = ReturnType<typeof createMetrics>;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `GET /metrics` for a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`. Without a configured token the
 * route does not exist: the figures (audience, errors) are not for the public.
 */
export function metricsRoute(options: { metrics: Metrics; token: string | undefined }): RequestHandler {
  const { metrics, token } = options;
  const expected = token ? digest(token) : null;
  return async (req, res, next) => {
    if (!expected) return next();
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Hashing first makes the comparison constant-time whatever the lengths.
    if (!timingSafeEqual(digest(given), expected)) {
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ ok: false, error: { code: 'unauthenticated', message: 'send Authorization: Bearer <METRICS_TOKEN>' } });
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.set('Content-Type', metrics.registry.contentType).set('Cache-Control', 'no-store').send(body);
    } catch (error) {
      next(error);
    }
  };
}
