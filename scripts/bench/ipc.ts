/**
 * Request/reply over the Node IPC channel between the coordinator and its children (servers under test, load
 * workers, the storage probe). Advanced serialization carries typed arrays without a JSON round trip.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
interface Ready {
  ready: true;
  info: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handlers = Record<string, (args: any) => unknown>;

/** Child side: answers each request with its handler's result; dies with its parent so no child outlives a run. */
export function serve(handlers: Handlers, info: unknown = null): void {
  if (!process.send) throw new Error('this script is started by scripts/bench/index.ts, not by hand');
  process.on('message', (message: Request) => {
    const handler = message.cmd === 'cpu' ? () => process.cpuUsage() : handlers[message.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        return handler(message.args);
      })
      .then(
        (result) => process.send!({ id: message.id, ok: true, result } satisfies Reply),
        (error: unknown) =>
          process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies Reply),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, info } satisfies Ready);
}

const live = new Set<Child>();

export class Child {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private exited = false;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly logPath: string,
  ) {
    proc.on('message', (message: Reply | Ready) => {
      if ('ready' in message) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      live.delete(this);
      for (const [, waiter] of this.pending) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`${name} exited (${signal ?? code}) during a request; log: ${logPath}\n${this.logTail()}`));
      }
      this.pending.clear();
    });
  }

  /** Forks a script (a TypeScript one under tsx) with its output in a log file, and waits for its ready message. */
  static async start<Info>(
    name: string,
    script: string,
    options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; logPath: string; timeoutMs?: number },
  ): Promise<{ child: Child; info: Info }> {
    const fd = openSync(options.logPath, 'a');
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    // An undefined value means "not set in the child", whatever the caller's own environment holds.
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const proc = fork(script, [], {
      execArgv: [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(options.execArgv ?? [])],
      env,
      stdio: ['ignore', fd, fd, 'ipc'],
      serialization: 'advanced',
    });
    closeSync(fd);
    const child = new Child(name, proc, options.logPath);
    live.add(child);
    const info = await new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${options.timeoutMs ?? 30_000} ms`)), options.timeoutMs ?? 30_000);
      proc.on('message', (message: Reply | Ready) => {
        if ('ready' in message) {
          clearTimeout(timer);
          resolve(message.info as Info);
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready; log: ${options.logPath}\n${child.logTail()}`));
      });
    });
    return { child, info };
  }

  call<T>(cmd: string, args: unknown = null, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.proc.send({ id, cmd, args } satisfies Request);
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  logTail(lines = 15): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Waits for the process to end, killing it outright after the grace period. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    const timer = setTimeout(() => this.kill(), graceMs);
    await gone;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

/** Kills every child this process started (by its own handle, never by name). */
export function killAllChildren(): void {
  for (const child of live) child.kill();
}
