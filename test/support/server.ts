import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { bootstrap, type Platform } from '../../server/boot.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Clock } from '../../server/core/clock.ts';
import { createLogger } from '../../server/logger.ts';

export interface TestServer {
  url: string;
  port: number;
  dbPath: string;
  dir: string;
  platform: Platform;
  /** The demo administrator's password, printed once on a real first start ('' when the database was not new). */
  adminPassword: string;
  demoSessionId: number;
  /**
   * Stops the server (keeping the database file) and starts it again on the same file and port, after staying
   * down `downMs` (a test that watches a page notice the outage needs the outage to last).
   */
  restart(options?: { downMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** A folder to keep (and share with another server) instead of a fresh temporary one. */
  dir?: string;
  /** Receives every log line (at LOG_LEVEL, set in env) instead of stdout. */
  logTo?: (line: string) => void;
}

async function listen(platform: Platform, port: number): Promise<number> {
  const server = platform.app.httpServer;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** The real server on a loopback port, on a fresh SQLite file in a temporary folder. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'toadam-test-'));
  const dbPath = join(dir, 'toadam.sqlite');
  const config: Config = loadConfig({
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'silent',
    CLIENT_DIST: join(process.cwd(), 'dist/client'),
    ...options.env,
  });
  const logTo = options.logTo;
  const logger = createLogger(config.logLevel, logTo ? { write: (line: string) => logTo(line) } : undefined);
  let platform = await bootstrap(config, { logger, clock: options.clock });
  const demo = platform.demo;
  const port = await listen(platform, 0);
  let closed = false;

  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dbPath,
    dir,
    platform,
    adminPassword: demo?.adminPassword ?? '',
    demoSessionId: demo?.sessionId ?? 0,
    async restart({ downMs = 0 } = {}) {
      await platform.close();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      platform = await bootstrap(config, { logger, clock: options.clock });
      server.platform = platform;
      await listen(platform, port);
    },
    async close() {
      if (closed) return;
      closed = true;
      await platform.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
