/**
 * The coordinator's view of the load workers: spreads viewers and votes over them, lines up their schedules, and
 * merges what they measured. The phases (rate ladder, latency run, naive run) are built from these calls.
 */
import type { Child } from './ipc.ts';
import { mergeHistograms, newHistogram, now, sleep, summarize, summarizeHistogram, type Summary } from './stats.ts';
import type { RunArgs, RunResult } from './voter-worker.ts';

export interface VoteRun {
  rate: number;
  durationMs: number;
  emitted: number;
  ok: number;
  errors: Record<string, number>;
  unacked: number;
  /**
   * Acked votes per second, from the first ack to the last. A steady delay (acks waiting behind a broadcast)
   * shifts both ends alike and does not count against the rate; a growing backlog stretches the span and does.
   * Counted from the first emit instead, a 300 ms delay alone cut a 2 s step's rate by 13%, so the ladder
   * measured latency twice and throughput not at all.
   */
  achieved: number;
  ack: Summary;
  aborted: boolean;
  exhausted: boolean;
  lagP99: number;
  lagMax: number;
  pass: boolean;
}

export interface Count {
  messages: number;
  bytes: number;
  ms: number;
}

export interface VoteToScreen {
  votes: number;
  /** Per vote, until its count had reached every viewer. */
  toEveryViewer: Summary;
  /** Per (vote, viewer) delivery. */
  perDelivery: Summary;
  unseen: number;
  missedDeliveries: number;
  versions: number;
}

export class Load {
  constructor(
    readonly viewers: Child[],
    readonly voters: Child[],
    readonly spreadAddresses: boolean,
  ) {}

  /** CPU seconds the load generator's processes have used so far, by role: its share of the two cores. */
  async cpu(): Promise<{ viewers: number; voters: number }> {
    const sum = async (children: Child[]) => {
      const each = await Promise.all(children.map((c) => c.call<NodeJS.CpuUsage>('cpu')));
      return each.reduce((s, u) => s + (u.user + u.system) / 1e6, 0);
    };
    const [viewers, voters] = await Promise.all([sum(this.viewers), sum(this.voters)]);
    return { viewers, voters };
  }

  private split(total: number, parts: number): number[] {
    return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
  }

  async connectViewers(url: string, sessionId: number, count: number, batch: number) {
    const shares = this.split(count, this.viewers.length);
    const results = await Promise.all(
      this.viewers.map((w, i) =>
        w.call<{ connected: number; failed: number; errors: string[]; ms: number }>('connect', { url, count: shares[i], sessionId, batch }, 600_000),
      ),
    );
    return {
      connected: results.reduce((s, r) => s + r.connected, 0),
      failed: results.reduce((s, r) => s + r.failed, 0),
      errors: [...new Set(results.flatMap((r) => r.errors))],
      ms: Math.max(...results.map((r) => r.ms)),
    };
  }

  async connectVoters(url: string, count: number, questionIds: number[], batch: number) {
    const shares = this.split(count, this.voters.length);
    const results = await Promise.all(
      this.voters.map((w, i) =>
        w.call<{ connected: number; failed: number; errors: string[] }>('connect', { url, count: shares[i], batch, questionIds, offsetBase: i * 7919, worker: i, spreadAddresses: this.spreadAddresses }, 600_000),
      ),
    );
    const failed = results.reduce((s, r) => s + r.failed, 0);
    if (failed > 0) throw new Error(`${failed} voters could not connect: ${results.flatMap((r) => r.errors).join('; ')}`);
    return results.reduce((s, r) => s + r.connected, 0);
  }

  async capacity(): Promise<number> {
    const each = await Promise.all(this.voters.map((w) => w.call<number>('capacity')));
    return each.reduce((s, n) => s + n, 0);
  }

  /** Votes at `rate` for `durationMs`, open-loop, spread over the voter workers on one shared schedule. */
  async votes(
    rate: number,
    durationMs: number,
    options: { toggleShare: number; drainMs: number; record?: boolean; backlogSec?: number; startAt?: number },
  ): Promise<VoteRun & { recorded: Float64Array }> {
    const shares = this.split(rate, this.voters.length);
    const startAt = options.startAt ?? Date.now() + 100;
    const results = await Promise.all(
      this.voters.map((w, i) =>
        w.call<RunResult>(
          'run',
          {
            rate: shares[i]!,
            durationMs,
            toggleShare: options.toggleShare,
            drainMs: options.drainMs,
            record: options.record ?? false,
            startAt,
            backlogSec: options.backlogSec ?? 1,
          } satisfies RunArgs,
          durationMs + options.drainMs + 30_000,
        ),
      ),
    );
    const errors: Record<string, number> = {};
    for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
    const firstAck = Math.min(...results.map((r) => r.firstAck));
    const lastAck = Math.max(...results.map((r) => r.lastAck));
    const ok = results.reduce((s, r) => s + r.ok, 0);
    const emitted = results.reduce((s, r) => s + r.emitted, 0);
    const unacked = results.reduce((s, r) => s + r.unacked, 0);
    const ack = summarize(concat(results.map((r) => r.latencies)));
    const achieved = ok / Math.max(0.001, (lastAck - firstAck) / 1000);
    const aborted = results.some((r) => r.aborted);
    const run = {
      rate,
      durationMs,
      emitted,
      ok,
      errors,
      unacked,
      achieved,
      ack,
      aborted,
      exhausted: results.some((r) => r.exhausted),
      lagP99: Math.max(...results.map((r) => r.lagP99)),
      lagMax: Math.max(...results.map((r) => r.lagMax)),
      recorded: concat(results.map((r) => r.recorded)),
    };
    // Sustained means: every vote acked without error, acks keeping pace with the offered rate, no runaway queue.
    const pass = !aborted && unacked === 0 && Object.keys(errors).length === 0 && keptPace(rate, achieved, ack.p99);
    return { ...run, pass };
  }

  async record(on: boolean): Promise<void> {
    await Promise.all(this.viewers.map((w) => w.call('record', { on })));
  }

  async countStart(): Promise<void> {
    await Promise.all(this.viewers.map((w) => w.call('countStart')));
  }

  async countRead(stop = false): Promise<Count> {
    const each = await Promise.all(this.viewers.map((w) => w.call<Count>('countRead', { stop })));
    return {
      messages: each.reduce((s, c) => s + c.messages, 0),
      bytes: each.reduce((s, c) => s + c.bytes, 0),
      ms: Math.max(...each.map((c) => c.ms)),
    };
  }

  /** `count` viewers, spread over the workers, stop reading (`on`) or read again. */
  async stall(count: number, on: boolean): Promise<void> {
    const shares = this.split(count, this.viewers.length);
    await Promise.all(this.viewers.map((w, i) => w.call('stall', { count: shares[i], on })));
  }

  async viewerStatus(): Promise<{ connected: number; disconnects: number }> {
    const each = await Promise.all(this.viewers.map((w) => w.call<{ connected: number; disconnects: number }>('status')));
    return { connected: each.reduce((s, e) => s + e.connected, 0), disconnects: each.reduce((s, e) => s + e.disconnects, 0) };
  }

  /**
   * For each approval (question id, when the moderator sent it): how long until it had reached every viewer, and
   * how many viewers never saw it. Recorded with the votes, between `record(true)` and `record(false)`.
   */
  async approvalToScreen(sent: Map<number, number>): Promise<{ toEveryViewer: Summary; missed: number }> {
    const each = await Promise.all(this.viewers.map((w) => w.call<Array<[number, number[]]>>('approvals', null, 120_000)));
    const { connected } = await this.viewerStatus();
    const worst: number[] = [];
    let missed = 0;
    for (const [id, at] of sent) {
      const arrivals = each.flatMap((worker) => worker.find(([q]) => q === id)?.[1] ?? []);
      missed += Math.max(0, connected - arrivals.length);
      if (arrivals.length > 0) worst.push(Math.max(...arrivals) - at);
    }
    return { toEveryViewer: summarize(worst), missed };
  }

  /** Matches the recorded votes against every viewer's tally arrivals. */
  async voteToScreen(recorded: Float64Array): Promise<VoteToScreen> {
    const each = await Promise.all(
      this.viewers.map((w) =>
        w.call<{ perVoteMax: Float64Array; hist: Uint32Array; deliveries: number; missedDeliveries: number; unseen: number; versions: number }>(
          'match',
          { votes: recorded },
          120_000,
        ),
      ),
    );
    const n = recorded.length / 3;
    const worst: number[] = [];
    let unseen = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      let seenEverywhere = true;
      for (const e of each) {
        const v = e.perVoteMax[i]!;
        if (Number.isNaN(v)) seenEverywhere = false;
        else if (v > max) max = v;
      }
      if (seenEverywhere) worst.push(max);
      else unseen += 1;
    }
    const hist = newHistogram();
    for (const e of each) mergeHistograms(hist, e.hist);
    return {
      votes: n,
      toEveryViewer: summarize(worst),
      perDelivery: summarizeHistogram(hist),
      unseen,
      missedDeliveries: each.reduce((s, e) => s + e.missedDeliveries, 0),
      versions: Math.max(...each.map((e) => e.versions)),
    };
  }

  async expected(): Promise<{ on: Array<[string, number]>; ambiguous: Array<[string, number]> }> {
    const each = await Promise.all(this.voters.map((w) => w.call<{ on: Array<[string, number]>; ambiguous: Array<[string, number]> }>('expected')));
    return { on: each.flatMap((e) => e.on), ambiguous: each.flatMap((e) => e.ambiguous) };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.viewers, ...this.voters].map((w) => w.call('close', null, 60_000)));
  }
}

/**
 * Whether a step's acks kept pace with what was offered, without a queue running away. The vote writer thread's own
 * ceiling is judged by the same test, so the end-to-end rate and the ceiling it is divided by are held alike.
 */
export function keptPace(offered: number, acked: number, ackP99: number): boolean {
  return acked >= 0.9 * offered && ackP99 < 1000;
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/**
 * CPU per acked vote during one step, in µs: the server's (every thread and process of it; NaN when the ladder was
 * not told how to read it) and the load generator's voters'.
 */
export interface StepCpu {
  serverUs: number;
  votersUs: number;
}

export type LadderStep = VoteRun & { cpu: StepCpu };

export interface Ladder {
  steps: LadderStep[];
  /** The highest step every criterion held at. */
  best: LadderStep | null;
  /** The most acks per second seen in any step, sustained or not. */
  peakAchieved: number;
  stoppedBy: string;
}

/**
 * Finds the highest sustained durable vote rate: doubling until a step fails, then bisecting between the last
 * step that held and the first that did not. Each step is open-loop; a step whose queue runs away stops early.
 */
export async function rateLadder(
  load: Load,
  options: {
    start: number;
    max: number;
    stepMs: number;
    drainMs: number;
    toggleShare: number;
    bisections: number;
    floor: number;
    /** The server's CPU seconds so far, read from outside it (proc.ts): each step then carries its CPU per vote. */
    serverCpu?: () => number;
  },
): Promise<Ladder> {
  const steps: LadderStep[] = [];
  let best: LadderStep | null = null;
  let failedAt: number | null = null;
  let rate = options.start;
  let bisections = 0;
  let stoppedBy = 'ladder complete';
  for (let i = 0; i < 14; i++) {
    const capacity = await load.capacity();
    if (capacity < (rate * options.stepMs) / 1000 + 100) {
      stoppedBy = `voter pairs exhausted (${capacity} left)`;
      break;
    }
    const before = { server: options.serverCpu?.() ?? NaN, voters: (await load.cpu()).voters };
    const { recorded: _unused, ...run } = await load.votes(rate, options.stepMs, {
      toggleShare: options.toggleShare,
      drainMs: options.drainMs,
    });
    const perVote = (seconds: number) => (seconds * 1e6) / Math.max(1, run.ok);
    const cpu = { serverUs: perVote((options.serverCpu?.() ?? NaN) - before.server), votersUs: perVote((await load.cpu()).voters - before.voters) };
    const step: LadderStep = { ...run, cpu };
    steps.push(step);
    if (step.pass && (!best || step.rate > best.rate)) best = step;
    if (!step.pass) failedAt = Math.min(failedAt ?? Infinity, rate);
    if (failedAt === null) {
      if (rate * 2 > options.max) {
        stoppedBy = `reached the ladder's top (${options.max}/s)`;
        break;
      }
      rate *= 2;
    } else if (!best) {
      if (rate / 2 < options.floor) {
        stoppedBy = 'no rate held';
        break;
      }
      rate = Math.round(rate / 2);
    } else {
      if (bisections >= options.bisections || failedAt - best.rate <= best.rate * 0.1) break;
      bisections += 1;
      rate = Math.round((best.rate + failedAt) / 2);
    }
    // Lets the previous step's tail (acks, the last tally) clear before the next one starts.
    await sleep(400);
  }
  const peakAchieved = Math.max(0, ...steps.map((s) => s.achieved));
  return { steps, best, peakAchieved, stoppedBy };
}

/** Steady votes with every viewer watching: vote-to-screen latency, and the fan-out the viewers received. */
export async function steadyRun(
  load: Load,
  options: { rate: number; durationMs: number; drainMs: number; record: boolean; settleMs: number; afterEmission?: () => Promise<void> },
) {
  if (options.record) await load.record(true);
  await load.countStart();
  const startAt = Date.now() + 200;
  const running = load.votes(options.rate, options.durationMs, {
    toggleShare: 0,
    drainMs: options.drainMs,
    record: options.record,
    backlogSec: 30,
    startAt,
  });
  await sleep(startAt + options.durationMs - Date.now());
  const duringEmission = await load.countRead();
  await options.afterEmission?.();
  const run = await running;
  await sleep(options.settleMs);
  if (options.record) await load.record(false);
  const started = now();
  const vts = options.record ? await load.voteToScreen(run.recorded) : null;
  return { run, duringEmission, voteToScreen: vts, matchMs: now() - started };
}
