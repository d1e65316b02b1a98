/**
 * The platform under test, alone in its own process so its RSS is its own. Configured by the environment the
 * coordinator passes (FANOUT, WRITE_BATCH_MAX, DATABASE_PATH, …), exactly as `server/index.ts` would be.
 */
import type { AddressInfo } from 'node:net';
import { bootstrap } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startCpuProfile, stopCpuProfile } from './cpu-profile.ts';
import { serve } from './ipc.ts';
import { createProbe } from './probe.ts';
import { installSqlProfile, resetSqlProfile, sqlProfile } from './sql-profile.ts';

export interface PlatformInfo {
  port: number;
  adminPassword: string;
  sessionId: number;
  pid: number;
}

installSqlProfile();
const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const platform = await bootstrap(config, { logger });
if (!platform.demo) throw new Error('the benchmark needs a fresh database with the demo seed');
const { httpServer, io } = platform.app;
await new Promise<void>((resolve, reject) => {
  httpServer.once('error', reject);
  httpServer.listen(0, '127.0.0.1', resolve);
});
const probe = createProbe(() => io.engine.clientsCount);

serve(
  {
    reset: () => {
      resetSqlProfile();
      return probe.reset();
    },
    stats: (args: { gc?: boolean } | null) => ({ ...probe.stats(args), sql: sqlProfile() }),
    profileStart: startCpuProfile,
    profileStop: stopCpuProfile,
    // A graceful stop flushes pending tallies and checkpoints the WAL, so the file read afterwards is complete.
    stop: async () => {
      await platform.close();
      setTimeout(() => process.exit(0), 50);
      return null;
    },
  },
  {
    port: (httpServer.address() as AddressInfo).port,
    adminPassword: platform.demo.adminPassword,
    sessionId: platform.demo.sessionId,
    pid: process.pid,
  } satisfies PlatformInfo,
);
