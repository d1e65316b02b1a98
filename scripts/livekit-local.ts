import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoomServiceClient } from 'livekit-server-sdk';

/**
 * A local LiveKit server (the binary scripts/livekit-server.sh builds) for the real-media tests and the media
 * benchmark; free of Vitest so that a plain script can start one too.
 */

/** The LiveKit release the platform is tested against; scripts/livekit-server.sh builds the same one. */
export const LIVEKIT_VERSION = readFileSync(join(process.cwd(), 'scripts/livekit-version'), 'utf8').trim();
export const LIVEKIT_BINARY = join(process.cwd(), '.cache/livekit', `livekit-server-${LIVEKIT_VERSION}`, 'livekit-server');

export const REAL_API_KEY = 'APIrealtest';
export const REAL_API_SECRET = 'real-livekit-test-secret-0123456789abcdef';

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export interface LiveKitServer {
  /** Where browsers connect (ws://) and the API answers (http://). */
  wsUrl: string;
  httpUrl: string;
  /** LIVEKIT_* for the platform under test. */
  env: Record<string, string>;
  rooms: RoomServiceClient;
  logPath: string;
  /** The server's process id while it runs (the benchmark reads its CPU time). */
  readonly pid: number | undefined;
  /**
   * Starts the server, its webhook pointing at `webhookUrl` (none without one); resolves once its HTTP port answers.
   * Tests log at debug level for their failure reports; the benchmark at info, since debug logs every SDP.
   */
  start(webhookUrl: string | null, options?: { logLevel?: 'debug' | 'info' }): Promise<void>;
  logTail(lines?: number): string;
  close(): Promise<void>;
}

/**
 * A single-node LiveKit (no Redis) on loopback. Its ports are reserved first, because the platform must know
 * LIVEKIT_URL before it starts, and LiveKit must know the platform's webhook address before it starts.
 * Media goes over one UDP port (LiveKit's UDP mux) and one TCP port, both free ones, so parallel files never clash.
 */
export async function reserveLiveKit(): Promise<LiveKitServer> {
  const [port, tcpPort, udpPort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()];
  const dir = mkdtempSync(join(tmpdir(), 'toadam-livekit-'));
  const logPath = join(dir, 'livekit.log');
  const httpUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  // Lines are cut short: at debug level LiveKit logs whole SDP offers, thousands of characters each.
  const logTail = (lines = 60) =>
    existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-lines).map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line)).join('\n') : '';

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl,
    env: { LIVEKIT_URL: `ws://127.0.0.1:${port}`, LIVEKIT_API_KEY: REAL_API_KEY, LIVEKIT_API_SECRET: REAL_API_SECRET, LIVEKIT_ROOM_RETRY_SECONDS: '0.5' },
    rooms: new RoomServiceClient(httpUrl, REAL_API_KEY, REAL_API_SECRET),
    logPath,
    logTail,
    get pid() {
      return child?.pid;
    },

    async start(webhookUrl, { logLevel = 'debug' } = {}) {
      const config = join(dir, 'livekit.yaml');
      writeFileSync(
        config,
        [
          `port: ${port}`,
          'bind_addresses: [127.0.0.1]',
          'keys:',
          `  ${REAL_API_KEY}: ${REAL_API_SECRET}`,
          ...(webhookUrl ? ['webhook:', `  api_key: ${REAL_API_KEY}`, `  urls: ["${webhookUrl}"]`] : []),
          'rtc:',
          '  node_ip: 127.0.0.1',
          '  use_external_ip: false',
          '  enable_loopback_candidate: true',
          `  udp_port: ${udpPort}`,
          `  tcp_port: ${tcpPort}`,
          'logging:',
          `  level: ${logLevel}`,
          '',
        ].join('\n'),
      );
      const log = openSync(logPath, 'a');
      child = spawn(LIVEKIT_BINARY, ['--config', config], { stdio: ['ignore', log, log] });
      closeSync(log);
      const exited = new Promise<never>((_, reject) =>
        child!.once('exit', (code) => reject(new Error(`LiveKit exited with ${code} before it answered:\n${logTail()}`))),
      );
      const ready = (async () => {
        const started = Date.now();
        for (;;) {
          const ok = await fetch(httpUrl).then((res) => res.ok, () => false);
          if (ok) return;
          if (Date.now() - started > 20_000) throw new Error(`LiveKit did not answer on ${httpUrl} within 20 s:\n${logTail()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      await Promise.race([ready, exited]);
      exited.catch(() => undefined);
    },

    async close() {
      const running = child;
      child = null;
      if (running && running.exitCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        const killer = setTimeout(() => running.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
