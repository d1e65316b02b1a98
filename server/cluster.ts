import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { prepareDatabase } from './prepare.ts';
import type { Config } from './config.ts';
import type { DemoSeed } from './units/demo-seed.ts';

/** Names, in responses to a socket's handshake, the worker that holds it: for operators and the cluster test. */
export const WORKER_HEADER = 'X-Toadam-Worker';
const READY = 'toadam:ready';
const PREPARED = 'toadam:prepared';
/**
 * The first process the primary forks prepares the database and exits; node:cluster numbers workers from 1 in the
 * order they are forked, and replacements get new numbers, so only that one has this id.
 */
const PREPARER_ID = 1;

export interface Serving {
  httpServer: HttpServer;
  demo: DemoSeed | null;
  close(): Promise<void>;
}

/**
 * `WORKERS=N`: this process prepares the database once (migrations, secret, demo seed), then starts N workers and
 * hands each incoming connection to one of them (`@socket.io/sticky`: a long-polling client's requests all reach
 * the worker holding its session; new connections go to the worker with the fewest). The workers share rooms and
 * broadcasts through `@socket.io/cluster-adapter` over this process's IPC channels, or Redis when REDIS_URL is set.
 * Each worker writes to SQLite through its own connections, as separate servers on one machine do (see the README).
 * A worker that dies is replaced. This process loads none of the platform itself, and leaves preparing the
 * database to a short-lived first worker: a migration, SQLite's cache and the demo password's scrypt would otherwise
 * stay in its memory (about 30 MB) for as long as it passes connections on.
 */
export async function startPrimary(config: Config, logger: Logger): Promise<Serving> {
  // Sticky hands each connection's first bytes to the worker with it: as a Buffer, not JSON of one.
  cluster.setupPrimary({ serialization: 'advanced' });
  const serving = new Set<number>();
  const fork = <T>(until: string) =>
    new Promise<{ worker: Worker; data: T }>((resolve, reject) => {
      const worker = cluster.fork();
      const onExit = (code: number | null) => reject(new Error(`worker ${worker.id} exited with ${code} before it was ready`));
      worker.once('exit', onExit);
      worker.on('message', (message: { type?: string; data?: T }) => {
        if (message?.type !== until) return;
        worker.off('exit', onExit);
        resolve({ worker, data: message.data as T });
      });
    });
  const { data: demo } = await fork<DemoSeed | null>(PREPARED);
  const { setupMaster } = await import('@socket.io/sticky');
  const { setupPrimary } = await import('@socket.io/cluster-adapter');
  const httpServer = createServer();
  setupMaster(httpServer, { loadBalancingMethod: 'least-connection' });
  setupPrimary();

  let stopping = false;
  const start = async () => serving.add((await fork(READY)).worker.id);
  await Promise.all(Array.from({ length: config.workers }, start));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping || !serving.delete(worker.id)) return;
    logger.error({ worker: worker.id, code, signal }, 'a worker stopped; starting another');
    start().catch((error: unknown) => logger.error({ err: error }, 'a replacement worker failed to start'));
  });
  logger.info({ workers: config.workers }, 'workers ready');

  return {
    httpServer,
    demo,
    async close() {
      stopping = true;
      httpServer.close();
      // Each worker acks what is under way, sends pending tallies and closes its database before it exits.
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (!worker || worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** Closes once however many signals arrive, then exits: 0 when everything closed, 1 when something failed. */
export function stopOnce(close: () => Promise<void>, logger: Logger): (reason: string) => Promise<void> {
  let stopping = false;
  return async (reason) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'shutting down: closing connections and flushing writes');
    try {
      await close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
}

/** One of the `WORKERS` processes: the whole platform, fed connections by the primary instead of listening. */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
  if (cluster.worker!.id === PREPARER_ID) {
    const { db, demo } = await prepareDatabase(config, { logger, clock: () => new Date() });
    await db.close();
    process.send!({ type: PREPARED, data: demo }, () => process.exit(0));
    return;
  }
  const { createAdapter } = await import('@socket.io/cluster-adapter');
  const { bootstrap } = await import('./boot.ts');
  const platform = await bootstrap({ ...config, seedDemo: false }, { logger, adapter: config.redisUrl ? undefined : createAdapter() });
  const { io } = platform.app;
  const { setupWorker } = await import('@socket.io/sticky');
  setupWorker(io);
  const id = String(cluster.worker!.id);
  io.engine.on('initial_headers', (headers: Record<string, string>) => {
    headers[WORKER_HEADER] = id;
  });

  const stop = stopOnce(platform.close, logger);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Ctrl-C reaches every process of the group: the primary decides, and stops the workers with SIGTERM.
  process.on('SIGINT', () => undefined);
  // A worker whose primary is gone has no connections left to serve.
  process.on('disconnect', () => void stop('primary gone'));
  process.send!({ type: READY });
}
