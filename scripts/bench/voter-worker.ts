/**
 * Holds a pool of voting residents and sends votes open-loop: at the scheduled rate whatever the acks do, so a
 * slow server shows up as latency and backlog rather than as a politely slower load. Each vote is a real change
 * (a resident's first vote on that question, or taking back one of their acked votes), and every ack updates the
 * state the coordinator later compares with the SQLite file.
 */
import type { Ack } from '../../shared/errors.ts';
import type { VoteResult } from '../../shared/schemas/question.ts';
import { firstErrors, inBatches, residentCookie } from './clients.ts';
import { serve } from './ipc.ts';
import { now, percentile, sleep } from './stats.ts';
import { connectWireClient, type WireClient } from './wire-client.ts';

/** Where one resident stands on one question, as far as the acks tell. */
type PairState = 'on-pending' | 'on' | 'off-pending' | 'off';

interface Voter {
  socket: WireClient;
  residentId: string;
  /** How many questions this voter has voted on; it votes them in order starting at its own offset. */
  issued: number;
  offset: number;
  /** Acked votes it may take back. */
  takeBack: number[];
  pairs: Map<number, PairState>;
}

export interface RunArgs {
  rate: number;
  durationMs: number;
  /** Share of votes that take back an earlier acked vote (value: false). */
  toggleShare: number;
  drainMs: number;
  /** Keep (question, acked count, emit time) of each acked vote for vote-to-screen matching. */
  record: boolean;
  /** Epoch ms at which every worker starts, so their schedules line up. */
  startAt: number;
  /** Stop sending once more than this many seconds of votes are waiting for their acks. */
  backlogSec: number;
}

export interface RunResult {
  emitted: number;
  ok: number;
  errors: Record<string, number>;
  unacked: number;
  latencies: Float64Array;
  firstAck: number;
  lastAck: number;
  aborted: boolean;
  exhausted: boolean;
  /** How far behind its schedule the generator itself ran (ms), p99 and max: its own honesty check. */
  lagP99: number;
  lagMax: number;
  recorded: Float64Array;
}

let voters: Voter[] = [];
let questionIds: number[] = [];
let cursor = 0;

/**
 * Each voter connects from its own loopback address (127.x.y.z is all local on Linux; traffic still goes only to
 * 127.0.0.1), as residents at home would: otherwise the server's per-IP vote limit would see one address for
 * the whole load.
 */
function sourceAddress(worker: number, i: number): string {
  return `127.${10 + worker}.${Math.floor(i / 250)}.${1 + (i % 250)}`;
}

async function connect(args: { url: string; count: number; batch: number; questionIds: number[]; offsetBase: number; worker: number; spreadAddresses: boolean }) {
  for (const voter of voters) voter.socket.close();
  voters = [];
  cursor = 0;
  questionIds = args.questionIds;
  const started = now();
  const results = await inBatches(args.count, args.batch, async (i) => {
    const resident = await residentCookie(args.url);
    const socket = await connectWireClient({
      url: args.url,
      cookie: resident.cookie,
      timeoutMs: 20_000,
      ...(args.spreadAddresses ? { localAddress: sourceAddress(args.worker, i) } : {}),
    });
    voters.push({
      socket,
      residentId: resident.residentId,
      issued: 0,
      offset: (args.offsetBase + i) % questionIds.length,
      takeBack: [],
      pairs: new Map(),
    });
  });
  return { connected: voters.length, failed: results.filter((r) => r.status === 'rejected').length, errors: firstErrors(results), ms: now() - started };
}

async function run(args: RunArgs): Promise<RunResult> {
  const latencies: number[] = [];
  const recorded: number[] = [];
  const lags: number[] = [];
  const result = {
    emitted: 0,
    ok: 0,
    errors: {} as Record<string, number>,
    firstAck: NaN,
    lastAck: NaN,
    aborted: false,
    exhausted: false,
  };
  let outstanding = 0;
  const q = questionIds.length;

  function send(intended: number): boolean {
    for (let tries = 0; tries < voters.length; tries++) {
      const voter = voters[cursor]!;
      cursor = (cursor + 1) % voters.length;
      let index: number;
      let value: boolean;
      if (voter.takeBack.length > 0 && Math.random() < args.toggleShare) {
        index = voter.takeBack.pop()!;
        value = false;
      } else if (voter.issued < q) {
        index = (voter.offset + voter.issued) % q;
        voter.issued += 1;
        value = true;
      } else {
        continue;
      }
      const before = voter.pairs.get(index);
      voter.pairs.set(index, value ? 'on-pending' : 'off-pending');
      const questionId = questionIds[index]!;
      const t = now();
      lags.push(t - intended);
      result.emitted += 1;
      outstanding += 1;
      voter.socket.emit<Ack<VoteResult>>('vote:set', { questionId, value }, (ack) => {
        const at = now();
        outstanding -= 1;
        if (Number.isNaN(result.firstAck)) result.firstAck = at;
        result.lastAck = at;
        if (ack.ok) {
          result.ok += 1;
          latencies.push(at - t);
          voter.pairs.set(index, value ? 'on' : 'off');
          if (value) voter.takeBack.push(index);
          if (args.record && value) recorded.push(questionId, ack.data.votes, t);
        } else {
          result.errors[ack.error.code] = (result.errors[ack.error.code] ?? 0) + 1;
          // A refused vote was rolled back alone: the pair is as it was.
          if (before === undefined) voter.pairs.delete(index);
          else voter.pairs.set(index, before);
          if (!value && before === 'on') voter.takeBack.push(index);
        }
      });
      return true;
    }
    return false;
  }

  await sleep(Math.max(0, args.startAt - Date.now()));
  const start = now();
  const interval = 1000 / args.rate;
  let sent = 0;
  const backlogLimit = Math.max(50, args.rate * args.backlogSec);
  // A 1 ms timer rather than a busy loop: on two cores a spinning generator would steal the server's CPU.
  for (;;) {
    const elapsed = now() - start;
    if (elapsed >= args.durationMs) break;
    const due = Math.min(Math.floor((elapsed * args.rate) / 1000) + 1, Math.ceil((args.durationMs * args.rate) / 1000));
    while (sent < due) {
      if (!send(start + sent * interval)) {
        result.exhausted = true;
        break;
      }
      sent += 1;
    }
    if (result.exhausted) break;
    if (outstanding > backlogLimit) {
      result.aborted = true;
      break;
    }
    await sleep(1);
  }
  const drainUntil = now() + args.drainMs;
  while (outstanding > 0 && now() < drainUntil) await sleep(5);
  lags.sort((a, b) => a - b);
  return {
    ...result,
    unacked: outstanding,
    latencies: Float64Array.from(latencies),
    lagP99: percentile(lags, 99),
    lagMax: lags.length ? lags[lags.length - 1]! : NaN,
    recorded: Float64Array.from(recorded),
  };
}

/** The pairs the acks say are on, and those whose fate no ack told (sent but never acked). */
function expected() {
  const on: Array<[string, number]> = [];
  const ambiguous: Array<[string, number]> = [];
  for (const voter of voters) {
    for (const [index, state] of voter.pairs) {
      const pair: [string, number] = [voter.residentId, questionIds[index]!];
      if (state === 'on') on.push(pair);
      else if (state === 'on-pending' || state === 'off-pending') ambiguous.push(pair);
    }
  }
  return { on, ambiguous };
}

serve({
  connect,
  run,
  expected,
  capacity: () => voters.reduce((sum, v) => sum + (questionIds.length - v.issued), 0),
  close: () => {
    for (const voter of voters) voter.socket.close();
    const closed = voters.length;
    voters = [];
    return { closed };
  },
});
