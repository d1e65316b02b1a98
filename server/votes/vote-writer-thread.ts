import { Worker } from 'node:worker_threads';
import { AppError, type ErrorBody } from '../../shared/errors.ts';
import type { WriteTurns } from '../core/db/write-turns.ts';
import type { VoteOutcome, VoteRequest, VoteWriter } from './vote-writer.ts';

export interface VoteWriterThreadData {
  path: string;
  /** Most votes one transaction may carry; 1 is the benchmark's one-transaction-per-vote baseline. */
  maxVotesPerJob: number;
  /** The main connection's turns at the write lock (shared memory), so the two writers take turns in order. */
  writeTurns: WriteTurns;
}

/** What crosses between the threads: votes one way, their outcomes the other, each batch one message. */
export type ToVoteWriter = { type: 'votes'; items: Array<VoteRequest & { id: number }> } | { type: 'close' };
export type VoteReply = { id: number; outcome: VoteOutcome } | { id: number; error: ErrorBody; expected: boolean };
export type FromVoteWriter = { type: 'outcomes'; items: VoteReply[] };

/**
 * Starts the worker thread on the writer's module. Compiled (as `npm start` runs it), that is the .js file beside
 * this one. From TypeScript sources (tests, tools), the thread's first module registers tsx, whose loader does not
 * follow into worker threads on Node 20, before importing the real one.
 */
function startWriterWorker(workerData: VoteWriterThreadData): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./vote-writer.worker.js', import.meta.url), { workerData });
  const module = new URL('./vote-writer.worker.ts', import.meta.url);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(module.href)}, import.meta.url);`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/**
 * Votes cross to the writer thread at most once every this many milliseconds; the first vote after a quiet spell
 * still goes at once. Each message wakes the thread and usually costs a commit of its own, and on this project's
 * 2-core machines a commit costs about 0.6 ms of CPU whatever it carries, a vote in it about 23 µs more (the writer
 * alone at 2,500 to 40,000 votes/s). Sent once per turn of the main event loop, a storm of a few thousand votes a
 * second made 450 commits a second.
 */
export const VOTE_GATHER_MS = 5;

/**
 * Runs the vote writer on a thread of its own, with its own SQLite connection. Under a large audience the main
 * event loop spends hundreds of milliseconds at a time sending broadcasts, and the sqlite3 driver comes back to
 * that loop after every statement, so each statement of a vote batch waited for a turn of it. On its own thread
 * a batch runs straight through, and the main loop handles one message out and one back per batch.
 *
 * SQLite lets one connection write at a time: this writer (votes) and the main one (everything else) take turns
 * in the order they asked (write-turns.ts), with BEGIN IMMEDIATE and the busy timeout behind, and each vote is
 * still acked only after its commit. The thread starts with the server, so the first vote does not wait for it
 * and a thread that cannot start shows at once.
 */
export function createVoteWriterThread(options: VoteWriterThreadData & { gatherMs?: number }): VoteWriter & { close(): Promise<void> } {
  const { gatherMs = VOTE_GATHER_MS, ...threadData } = options;
  const waiting = new Map<number, { resolve: (outcome: VoteOutcome) => void; reject: (error: unknown) => void }>();
  let outbox: Array<VoteRequest & { id: number }> = [];
  let lastSent = -Infinity;
  let sendSoon = false;
  let fallback: NodeJS.Timeout | null = null;
  let worker: Worker | null = start();
  let nextId = 1;
  let closed = false;
  let settled: (() => void) | null = null;

  function failAll(error: unknown): void {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    // Votes told they failed are not sent after all; the next ones go to a new thread.
    outbox = [];
    settled?.();
  }

  function start(): Worker {
    const thread = startWriterWorker(threadData);
    // Waiting votes hold their sockets' acks, which keep the process alive; the thread itself need not.
    thread.unref();
    thread.on('message', (message: FromVoteWriter) => {
      for (const reply of message.items) {
        const entry = waiting.get(reply.id);
        if (!entry) continue;
        waiting.delete(reply.id);
        if ('outcome' in reply) entry.resolve(reply.outcome);
        else entry.reject(reply.expected ? new AppError(reply.error.code, reply.error.message, { retryAfter: reply.error.retryAfter }) : new Error(reply.error.message));
      }
      if (waiting.size === 0) settled?.();
    });
    // A vote whose reply is lost may or may not have committed; the client's retry is safe either way, because a
    // vote names the state it wants.
    thread.on('error', (error) => failAll(error));
    thread.on('exit', (code) => {
      if (worker === thread) worker = null;
      failAll(new Error(`the vote writer thread stopped (exit code ${code})`));
    });
    return thread;
  }

  /**
   * Every vote read until the gathering time is up goes to the thread in one message. The thread is never kept
   * waiting for the main event loop, which a large audience's fan-out keeps busy: messages queue there while a
   * commit runs, and the next commit takes them all. Once the time is up, the next vote read sends the message in
   * the same turn of the loop (a timer would wait for the next turn, itself a slice of a fan-out or more); the timer
   * only covers a vote after which none comes.
   */
  function gather(): void {
    if (sendSoon || outbox.length === 0) return;
    const wait = lastSent + gatherMs - performance.now();
    if (wait <= 0) {
      sendSoon = true;
      setImmediate(send);
    } else {
      fallback ??= setTimeout(() => {
        fallback = null;
        gather();
      }, wait);
    }
  }

  function send(): void {
    sendSoon = false;
    if (fallback) clearTimeout(fallback);
    fallback = null;
    if (outbox.length === 0) return;
    const items = outbox;
    outbox = [];
    lastSent = performance.now();
    worker ??= start();
    worker.postMessage({ type: 'votes', items } satisfies ToVoteWriter);
  }

  return {
    submit(request) {
      if (closed) return Promise.reject(new AppError('unavailable', 'the server is shutting down'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        outbox.push({ ...request, id });
        gather();
      });
    },
    async close() {
      closed = true;
      if (waiting.size > 0) await new Promise<void>((resolve) => (settled = resolve));
      const thread = worker;
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      // Held open until the thread has closed its connection, even if nothing else keeps the process alive.
      thread.ref();
      thread.postMessage({ type: 'close' } satisfies ToVoteWriter);
      await exited;
    },
  };
}
