import cluster from 'node:cluster';
import { runWorker, startPrimary, stopOnce, type Serving } from './cluster.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';

function printDemoBanner(url: string, sessionId: number, username: string, password: string): void {
  const lines = [
    'Tọa đàm: first start, a demo unit and session were created.',
    `  Resident page:    ${url}/s/${sessionId}`,
    `  Staff sign-in:    ${url}/login`,
    `  Administrator:    ${username}`,
    `  Password (shown only this once): ${password}`,
    '  Forgot it? npm run admin -- reset-password --username admin',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  console.log(['', '='.repeat(width), ...lines, '='.repeat(width), ''].join('\n'));
}

async function startSingle(config: Config, logger: ReturnType<typeof createLogger>): Promise<Serving> {
  // Imported here, so that the primary of `WORKERS=N` never loads the platform it does not run.
  const { bootstrap } = await import('./boot.ts');
  const platform = await bootstrap(config, { logger });
  return { httpServer: platform.app.httpServer, demo: platform.demo, close: platform.close };
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isWorker) return runWorker(config, logger);
  const platform = config.workers > 1 ? await startPrimary(config, logger) : await startSingle(config, logger);
  const { httpServer } = platform;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  // The banner goes out before the line that says the server is serving, so whoever waits for that line (a
  // supervisor, the tests' spawnServer) has the first start's password by then, not a moment later.
  if (platform.demo) printDemoBanner(config.publicUrl ?? url, platform.demo.sessionId, platform.demo.adminUsername, platform.demo.adminPassword);
  logger.info({ url, publicUrl: config.publicUrl, database: config.databasePath }, 'Tọa đàm is serving');

  const stop = stopOnce(platform.close, logger);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(`The port is already in use. Stop the other program or set PORT to a free port.`);
  } else {
    console.error('Tọa đàm could not start:', error);
  }
  process.exit(1);
});
