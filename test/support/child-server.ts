import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import type { Participant } from './clients.ts';

export const COMPILED_SERVER = 'dist/node/server/index.js';

export interface ChildServer {
  url: string;
  adminPassword: string | null;
  sessionId: number | null;
  process: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the compiled server exactly as `npm start` does, in its own process, and waits until it serves.
 * For tests that must crash or signal the real process. The integration project's global setup builds it.
 */
export async function spawnServer(env: Record<string, string | undefined>, timeoutMs = 20_000): Promise<ChildServer> {
  const child = spawn(process.execPath, [COMPILED_SERVER], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const started = Date.now();
  while (!/"msg":"Tọa đàm is serving"/.test(output)) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /"url":"(http:\/\/localhost:\d+)"/.exec(output)![1]!.replace('localhost', '127.0.0.1');
  const password = /Password \(shown only this once\): (\S+)/.exec(output)?.[1] ?? null;
  // The banner names PUBLIC_URL when it is set, the local address otherwise.
  const session = /Resident page: +\S+\/s\/(\d+)/.exec(output)?.[1];
  return {
    url,
    adminPassword: password,
    sessionId: session ? Number(session) : null,
    process: child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

/**
 * Lists a suite of real processes fills as it goes, emptied by the afterAll this registers (call it inside
 * `describe`): participants closed, every process killed outright, then `dir` removed.
 */
export function cleanUpAfterAll(dir: string): { children: ChildServer[]; participants: Participant[] } {
  const children: ChildServer[] = [];
  const participants: Participant[] = [];
  afterAll(async () => {
    for (const p of participants) p.close();
    for (const c of children) await c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return { children, participants };
}
