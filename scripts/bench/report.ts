/** Turns the raw measurements into the printed table: each figure beside its target, pass/miss, and the ratio to bare. */
import type { CpuBreakdown } from './cpu-profile.ts';
import { keptPace, type Count, type Ladder, type LadderStep, type VoteRun, type VoteToScreen } from './load.ts';
import type { ServerStats } from './probe.ts';
import type { SqlStats } from './sql-profile.ts';
import { fmtBytes, fmtInt, fmtMs, fmtRatio, type Summary } from './stats.ts';
import type { SearchBench } from './search-bench.ts';
import type { StorageCeiling } from './storage-ceiling.ts';
import type { WriterCeiling, WriterStep } from './writer-ceiling.ts';
import type { VoteAudit } from './verify.ts';

type Stats = ServerStats & { sql?: SqlStats };
/** What a measured phase carries besides its result: the server's CPU profile and the load generator's CPU. */
interface Measures {
  profile?: CpuBreakdown;
  generator?: { viewerCores: number; voterCores: number };
}

export interface ServerRun {
  held?: { ramp: { connected: number; failed: number; errors: string[]; ms: number }; before: Stats; after: Stats };
  steady?: { run: Omit<VoteRun, 'recorded'>; duringEmission: Count; voteToScreen: VoteToScreen | null; server: Stats } & Measures;
  withViewers?: { ladder: Ladder; server: Stats } & Measures;
  withoutViewers?: { ladder: Ladder; server: Stats } & Measures;
  /** Approvals sent during a vote storm, and how long they and the storm's tallies took to reach every viewer. */
  storm?: { rate: number; acked: number; approvals: number; approval: { toEveryViewer: Summary; missed: number }; voteToScreen: VoteToScreen | null };
  /** Viewers that stopped reading while votes went on, and the server's memory before, during and after. */
  stalled?: { count: number; ms: number; before: Stats; during: Stats; after: Stats; connectedAfter: number };
  audit?: VoteAudit;
  viewersAtEnd?: { connected: number; disconnects: number };
  naiveTotal?: Count & { drained: boolean };
}

export interface BenchResults {
  startedAt: string;
  durationSec: number;
  options: { quick: boolean; oneAddress: boolean; viewers: number; voters: number; questions: number; latencyMs: number; naiveMs: number; stepMs: number };
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  storage: StorageCeiling;
  writer: WriterCeiling;
  search: SearchBench;
  bare: ServerRun;
  /** The bare server with no viewers: the socket path's own cost per vote. */
  bareWithoutViewers?: ServerRun;
  platform: ServerRun;
  /** The platform with no viewers, on a server of its own. */
  groupCommit: ServerRun;
  batch1: ServerRun;
  naive: ServerRun;
  /** The platform as `WORKERS=2 npm start` runs it, measured from outside. */
  workers?: ServerRun;
}

type Verdict = 'pass' | 'miss' | 'info' | 'n/a';
interface Row {
  figure: string;
  value: string;
  target: string;
  result: Verdict;
  bare: string;
  ratio: string;
}

function perViewer(held: ServerRun['held']) {
  if (!held || held.ramp.connected === 0) return null;
  const n = held.ramp.connected;
  return {
    n,
    rss: (held.after.rss - held.before.rss) / n,
    heap: (held.after.heapUsed - held.before.heapUsed) / n,
    rssTotal: held.after.rss / n,
  };
}

function latencyText(s: Summary): string {
  return `p50 ${fmtMs(s.p50)} / p99 ${fmtMs(s.p99)} / max ${fmtMs(s.max)}`;
}

function verdict(ok: boolean | null): Verdict {
  return ok === null ? 'n/a' : ok ? 'pass' : 'miss';
}

/** A memory figure of the platform beside the bare server's; '—' where a run held no viewers. */
function bytesRow(figure: string, platform: number | undefined, bare: number | undefined, limit?: number): Row {
  return {
    figure,
    value: platform === undefined ? '—' : fmtBytes(platform),
    target: limit === undefined ? '' : `< ${limit / 1024} KiB`,
    result: limit === undefined ? 'info' : verdict(platform === undefined ? null : platform < limit),
    bare: bare === undefined ? '—' : fmtBytes(bare),
    ratio: platform !== undefined && bare !== undefined ? fmtRatio(platform / bare) : '',
  };
}

/**
 * Main writer connection's statements and busy time per acked vote over a ladder. Vote batches have their own
 * connection on the vote writer thread, which this profile (main thread only) does not see; what shows here is
 * what competes with them for SQLite's write lock.
 */
export function sqlPerVote(run: { ladder: Ladder; server: Stats } | undefined) {
  const writer = run?.server.sql?.connections[0];
  if (!run || !writer) return null;
  const votes = run.ladder.steps.reduce((s, step) => s + step.ok, 0);
  if (votes === 0) return null;
  return {
    votes,
    statementsPerVote: writer.statements / votes,
    writerBusyUsPerVote: (writer.busyMs * 1000) / votes,
    kinds: writer.kinds.slice(0, 10).map((k) => ({ ...k, perVote: k.count / votes })),
  };
}

export function buildRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const viewersTarget = r.options.viewers;
  const p = perViewer(r.platform.held);
  const b = perViewer(r.bare.held);

  const held = r.platform.held?.ramp.connected ?? 0;
  const stillConnected = r.platform.viewersAtEnd?.connected ?? held;
  rows.push({
    figure: 'Viewers held (joined, still connected at end)',
    value: `${fmtInt(held)} / ${fmtInt(stillConnected)}`,
    target: `${fmtInt(viewersTarget)}${viewersTarget === 10_000 ? '' : ' (10,000 in the spec)'}`,
    result: verdict(held >= viewersTarget && stillConnected >= viewersTarget),
    bare: fmtInt(r.bare.held?.ramp.connected ?? NaN),
    ratio: '',
  });
  rows.push({
    figure: 'Connect + join ramp',
    value: `${((r.platform.held?.ramp.ms ?? NaN) / 1000).toFixed(1)} s`,
    target: '',
    result: 'info',
    bare: `${((r.bare.held?.ramp.ms ?? NaN) / 1000).toFixed(1)} s`,
    ratio: fmtRatio((r.platform.held?.ramp.ms ?? NaN) / (r.bare.held?.ramp.ms ?? NaN)),
  });
  rows.push(
    bytesRow('Server RSS per viewer (added by viewers)', p?.rss, b?.rss, 30 * 1024),
    bytesRow('  base RSS (before viewers joined)', r.platform.held?.before.rss, r.bare.held?.before.rss),
    bytesRow('Server RSS total ÷ viewers', p?.rssTotal, b?.rssTotal, 30 * 1024),
    bytesRow('Server JS heap per viewer', p?.heap, b?.heap),
  );

  const best = r.platform.withViewers?.ladder.best ?? null;
  const bareBest = r.bare.withViewers?.ladder.best ?? null;
  const e2e = best?.achieved ?? NaN;
  const bareRate = bareBest?.achieved ?? NaN;
  rows.push({
    figure: 'Durable votes/s end to end, viewers connected',
    value: best ? `${fmtInt(e2e)}/s (ack ${latencyText(best.ack)})` : 'no rate held',
    target: '≥ 10,000/s; > 0.5× bare',
    result: verdict(best ? e2e >= 10_000 && e2e > 0.5 * bareRate : false),
    bare: bareBest ? `${fmtInt(bareRate)}/s (ack p99 ${fmtMs(bareBest.ack.p99)})` : '—',
    ratio: fmtRatio(e2e / bareRate),
  });
  rows.push({
    figure: '  peak acks/s in any step (not sustained)',
    value: `${fmtInt(r.platform.withViewers?.ladder.peakAchieved ?? NaN)}/s`,
    target: '',
    result: 'info',
    bare: `${fmtInt(r.bare.withViewers?.ladder.peakAchieved ?? NaN)}/s`,
    ratio: fmtRatio((r.platform.withViewers?.ladder.peakAchieved ?? NaN) / (r.bare.withViewers?.ladder.peakAchieved ?? NaN)),
  });
  const multi = r.storage.multiRow.reduce((m, c) => Math.max(m, c.rowsPerSec), 0);
  rows.push({
    figure: 'Storage ceiling: single-row transactions/s',
    value: `${fmtInt(r.storage.singleRowTxPerSec)}/s`,
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'Storage ceiling: multi-row INSERT rows/s',
    value: r.storage.multiRow.map((c) => `${c.rowsPerTx}/tx ${fmtInt(c.rowsPerSec)}`).join(', '),
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'Storage: 100 awaited 1-row INSERTs per tx',
    value: `${fmtInt(r.storage.statementPerRow.rowsPerSec)} rows/s (${r.storage.statementPerRow.statementRoundTripUs.toFixed(0)} µs/statement)`,
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'Vote writer thread alone (no sockets)',
    value: r.writer.steps
      .map((step) => `${fmtInt(step.offered)}/s offered → ${fmtInt(step.acked)}${keptPace(step.offered, step.acked, step.ack.p99) ? '' : '✗'} (ack p99 ${fmtMs(step.ack.p99)}, ${step.cpuUs.toFixed(0)} µs CPU a vote)`)
      .join('; '),
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  const mainWrite = (step: WriterStep) => `p50 ${fmtMs(step.mainWrite.p50)} / p99 ${fmtMs(step.mainWrite.p99)} / max ${fmtMs(step.mainWrite.max)}`;
  rows.push({
    figure: '  a main-connection write during that storm',
    value: [
      ...r.writer.steps.map((step) => `${fmtInt(step.offered)}/s: ${mainWrite(step)}`),
      `${fmtInt(r.writer.withoutTurns.offered)}/s without turns (SQLite's busy handler alone): ${mainWrite(r.writer.withoutTurns)}`,
    ].join('; '),
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'End to end as share of storage ceiling',
    value: `${((e2e / multi) * 100).toFixed(1)}% of multi-row; ${fmtRatio(e2e / r.storage.singleRowTxPerSec)} single-row tx`,
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });

  const withoutViewers = r.groupCommit.withoutViewers?.ladder.best ?? null;
  const noBatch = r.batch1.withoutViewers?.ladder.best ?? null;
  rows.push({
    // The issue's throughput target as it is written (socket in, validated, authorized, committed, acked), on a
    // server with no audience; the row above holds it to the same figure with 10,000 viewers watching.
    figure: 'Durable votes/s end to end, no viewers (group commit)',
    value: withoutViewers ? `${fmtInt(withoutViewers.achieved)}/s (ack ${latencyText(withoutViewers.ack)})` : 'no rate held',
    target: '≥ 10,000/s',
    result: verdict(withoutViewers ? withoutViewers.achieved >= 10_000 : false),
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'Durable writes/s, WRITE_BATCH_MAX=1',
    value: noBatch ? `${fmtInt(noBatch.achieved)}/s (ack ${latencyText(noBatch.ack)})` : 'no rate held',
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'Write batching: group commit ÷ one tx per write',
    value: fmtRatio((withoutViewers?.achieved ?? NaN) / (noBatch?.achieved ?? NaN)),
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });

  const vts = r.platform.steady?.voteToScreen ?? null;
  const bareVts = r.bare.steady?.voteToScreen ?? null;
  const ratioP99 = (vts?.toEveryViewer.p99 ?? NaN) / (bareVts?.toEveryViewer.p99 ?? NaN);
  rows.push({
    figure: `Vote-to-screen, every viewer, ${fmtInt(r.platform.steady?.run.rate ?? NaN)} votes/s`,
    value: vts ? latencyText(vts.toEveryViewer) : '—',
    target: 'p99 < 250 ms; ≤ 1.0× bare',
    result: verdict(vts ? vts.toEveryViewer.p99 < 250 && ratioP99 <= 1.0 && vts.unseen === 0 : null),
    bare: bareVts ? `p99 ${fmtMs(bareVts.toEveryViewer.p99)}` : '—',
    ratio: fmtRatio(ratioP99),
  });
  rows.push({
    figure: '  per delivery (vote × viewer)',
    value: vts ? latencyText(vts.perDelivery) : '—',
    target: '',
    result: 'info',
    bare: bareVts ? `p99 ${fmtMs(bareVts.perDelivery.p99)}` : '—',
    ratio: fmtRatio((vts?.perDelivery.p99 ?? NaN) / (bareVts?.perDelivery.p99 ?? NaN)),
  });
  const steadyAck = r.platform.steady?.run.ack;
  const bareSteadyAck = r.bare.steady?.run.ack;
  rows.push({
    figure: '  of which emit → durable ack (voter)',
    value: steadyAck ? latencyText(steadyAck) : '—',
    target: '',
    result: 'info',
    bare: bareSteadyAck ? `p99 ${fmtMs(bareSteadyAck.p99)}` : '—',
    ratio: fmtRatio((steadyAck?.p99 ?? NaN) / (bareSteadyAck?.p99 ?? NaN)),
  });
  rows.push({
    figure: '  votes never seen / deliveries missed',
    value: vts ? `${fmtInt(vts.unseen)} of ${fmtInt(vts.votes)} / ${fmtInt(vts.missedDeliveries)}` : '—',
    target: '0',
    result: verdict(vts ? vts.unseen === 0 && vts.missedDeliveries === 0 : null),
    bare: bareVts ? `${fmtInt(bareVts.unseen)} / ${fmtInt(bareVts.missedDeliveries)}` : '—',
    ratio: '',
  });

  const secs = (run: ServerRun) => (run.steady ? run.steady.run.durationMs / 1000 : NaN);
  const coalescedMsgs = (r.platform.steady?.duringEmission.messages ?? NaN) / secs(r.platform);
  const coalescedBytes = (r.platform.steady?.duringEmission.bytes ?? NaN) / secs(r.platform);
  const naiveMsgs = (r.naive.steady?.duringEmission.messages ?? NaN) / secs(r.naive);
  const naiveBytes = (r.naive.steady?.duringEmission.bytes ?? NaN) / secs(r.naive);
  const bareMsgs = (r.bare.steady?.duringEmission.messages ?? NaN) / secs(r.bare);
  rows.push({
    figure: 'Fan-out, coalesced: messages/s, bytes/s',
    value: `${fmtInt(coalescedMsgs)} msg/s, ${fmtBytes(coalescedBytes)}/s`,
    target: '',
    result: 'info',
    bare: `${fmtInt(bareMsgs)} msg/s`,
    ratio: fmtRatio(coalescedMsgs / bareMsgs),
  });
  const naiveOk = r.naive.steady?.run.ok ?? NaN;
  const naiveViewers = r.naive.held?.ramp.connected ?? NaN;
  rows.push({
    figure: 'Fan-out, naive: delivered messages/s, bytes/s',
    value: `${fmtInt(naiveMsgs)} msg/s, ${fmtBytes(naiveBytes)}/s (owed ${fmtInt((naiveOk * naiveViewers) / secs(r.naive))} msg/s)`,
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  const coalescedPerVote = (r.platform.steady?.duringEmission.messages ?? NaN) / (r.platform.steady?.run.ok ?? NaN);
  const naivePerVote = (r.naive.naiveTotal?.messages ?? NaN) / naiveOk;
  rows.push({
    figure: '  messages per acked vote (all viewers)',
    value: `coalesced ${coalescedPerVote.toFixed(1)}, naive ${naivePerVote.toFixed(1)}${r.naive.naiveTotal && !r.naive.naiveTotal.drained ? ' (naive backlog not drained by the cap)' : ''}`,
    target: '',
    result: 'info',
    bare: '',
    ratio: fmtRatio(naivePerVote / coalescedPerVote),
  });
  // Per acked vote, because a saturated naive server delivers far less per second than it owes: its messages/s
  // would flatter it. Undrained, the naive count is a lower bound, and so is the ratio.
  const perVoteRatio = naivePerVote / coalescedPerVote;
  const undrained = r.naive.naiveTotal && !r.naive.naiveTotal.drained;
  rows.push({
    figure: 'Coalescing: naive ÷ coalesced messages per vote',
    value: `${undrained ? '≥ ' : ''}${fmtRatio(perVoteRatio)} (per second delivered: ${fmtRatio(naiveMsgs / coalescedMsgs)})`,
    target: '≥ 10×',
    result: verdict(Number.isFinite(perVoteRatio) ? perVoteRatio >= 10 : null),
    bare: '',
    ratio: '',
  });

  const audit = r.platform.audit;
  rows.push({
    figure: 'Lost / extra votes vs SQLite file',
    value: audit ? `${fmtInt(audit.lost)} lost / ${fmtInt(audit.extra)} extra of ${fmtInt(audit.expectedOn)} (${fmtInt(audit.ambiguous)} unacked)` : '—',
    target: '0 / 0',
    result: verdict(audit ? audit.lost === 0 && audit.extra === 0 : null),
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: '  vote_count ≠ vote rows (questions)',
    value: audit ? `${fmtInt(audit.countMismatches)} (drift ${fmtInt(audit.countDrift)})` : '—',
    target: '0',
    result: verdict(audit ? audit.countMismatches === 0 : null),
    bare: '',
    ratio: '',
  });
  for (const [figure, other] of [
    ['  same, no-viewers run', r.groupCommit.audit],
    ['  same, WRITE_BATCH_MAX=1 run', r.batch1.audit],
  ] as const) {
    rows.push({
      figure,
      value: other ? `${fmtInt(other.lost)} lost / ${fmtInt(other.extra)} extra of ${fmtInt(other.expectedOn)}, ${fmtInt(other.countMismatches)} count mismatches` : '—',
      target: '0',
      result: verdict(other ? other.lost === 0 && other.extra === 0 && other.countMismatches === 0 : null),
      bare: '',
      ratio: '',
    });
  }

  const eld = (s: Stats | undefined) => s?.eventLoopDelay.p99 ?? NaN;
  const eldRatio = eld(r.platform.steady?.server) / eld(r.bare.steady?.server);
  rows.push({
    figure: 'Server event-loop delay p99, steady 500/s',
    value: fmtMs(eld(r.platform.steady?.server)),
    target: '≤ 0.2× bare',
    result: verdict(Number.isFinite(eldRatio) ? eldRatio <= 0.2 : null),
    bare: fmtMs(eld(r.bare.steady?.server)),
    ratio: fmtRatio(eldRatio),
  });
  rows.push({
    figure: 'Server event-loop delay p99, rate ladder',
    value: fmtMs(eld(r.platform.withViewers?.server)),
    target: '',
    result: 'info',
    bare: fmtMs(eld(r.bare.withViewers?.server)),
    ratio: fmtRatio(eld(r.platform.withViewers?.server) / eld(r.bare.withViewers?.server)),
  });
  rows.push({
    figure: 'Server event-loop delay p99, naive 500/s',
    value: fmtMs(eld(r.naive.steady?.server)),
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  rows.push({
    figure: 'Server CPU (cores), steady 500/s',
    value: (r.platform.steady?.server.cpuShare ?? NaN).toFixed(2),
    target: '',
    result: 'info',
    bare: (r.bare.steady?.server.cpuShare ?? NaN).toFixed(2),
    ratio: fmtRatio((r.platform.steady?.server.cpuShare ?? NaN) / (r.bare.steady?.server.cpuShare ?? NaN)),
  });
  rows.push(...issue16Rows(r));
  const search = r.search.latencyMs;
  rows.push({
    figure: 'Archive search latency p95',
    value: `${fmtMs(search.p95)} (p50 ${fmtMs(search.p50)} / p99 ${fmtMs(search.p99)}; ${r.search.queries} queries over ${r.search.sessions} sessions, ${r.search.segments.toLocaleString('en')} segments)`,
    target: '< 20 ms',
    result: search.p95 < 20 ? 'pass' : 'miss',
    bare: '',
    ratio: '',
  });
  return rows;
}

/**
 * The vote writer thread's ceiling in this run: the most votes per second it sustained alone, judged as the rate
 * ladder judges the end-to-end steps (keptPace). Its peak (a step whose queue ran away, as 40,000/s offered →
 * 32,604 acked with acks falling behind) was once the reference, which set a rate that ran away against one that
 * held.
 */
export function writerCeiling(r: Pick<BenchResults, 'writer'>): number {
  const held = r.writer.steps.filter((step) => keptPace(step.offered, step.acked, step.ack.p99));
  return held.length ? Math.max(...held.map((step) => step.acked)) : NaN;
}

/** CPU a vote cost at one measured rate. */
export interface CpuPoint {
  rate: number;
  usPerVote: number;
}

/**
 * The cores a part used at any rate: linear between the rates measured, and along the nearest segment beyond them.
 * The curve is sorted once; the bound below asks it at every 100 votes/s.
 */
function coresCurve(points: readonly CpuPoint[]): (rate: number) => number {
  const curve = points.map((p) => [p.rate, (p.rate * p.usPerVote) / 1e6] as const).sort((x, y) => x[0] - y[0]);
  return (rate) => {
    if (curve.length === 1) return (rate * points[0]!.usPerVote) / 1e6;
    let i = 1;
    while (i < curve.length - 1 && curve[i]![0] < rate) i += 1;
    const [[r0, c0], [r1, c1]] = [curve[i - 1]!, curve[i]!];
    return Math.max(0, c0 + ((c1 - c0) * (rate - r0)) / (r1 - r0));
  };
}

/**
 * The most durable votes per second any server could sustain on `cores` if a vote cost it no more CPU than the bare
 * Socket.IO server's socket path (its server and the load generator's voters, no viewers) plus the vote writer
 * thread alone, each at that same rate: the rate where the two parts' measured cores add up to all the machine has.
 * The load generator shares those cores, so a share of the writer's ceiling above this bound is out of reach for
 * any storing server driven by this generator, however it is built; viewers only add to the cost.
 */
export function cpuBound(cores: number, socketPath: readonly CpuPoint[], writer: readonly CpuPoint[]): number {
  if (socketPath.length === 0 || writer.length === 0) return NaN;
  const [socketCores, writerCores] = [coresCurve(socketPath), coresCurve(writer)];
  let held = NaN;
  for (let rate = 100; rate <= 200_000; rate += 100) {
    if (socketCores(rate) + writerCores(rate) > cores) break;
    held = rate;
  }
  return held;
}

function ackP99At(run: ServerRun['withViewers'], rate: number): number {
  return run?.ladder.steps.find((step) => step.rate === rate)?.ack.p99 ?? NaN;
}

/**
 * Issue 16's targets, each as a ratio to a reference measured in this run (the bare Socket.IO server, the vote
 * writer thread alone), and the platform as `WORKERS=2` runs it beside the one-process platform.
 */
function issue16Rows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const ceiling = writerCeiling(r);
  const share = (rate: number | undefined) => (rate ?? NaN) / ceiling;
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '—');
  const cpuText = (step: Ladder['best'] | undefined) =>
    step && Number.isFinite(step.cpu.serverUs) ? `${step.cpu.serverUs.toFixed(0)} + ${step.cpu.votersUs.toFixed(0)} µs at ${fmtInt(step.achieved)}/s` : '—';
  for (const [which, run, bare, least] of [
    ['with', r.platform.withViewers, r.bare.withViewers, 0.5],
    ['without', r.groupCommit.withoutViewers, r.bareWithoutViewers?.withoutViewers, 0.7],
  ] as const) {
    const shareOf = share(run?.ladder.best?.achieved);
    rows.push({
      figure: `Durable votes/s ${which} viewers ÷ vote writer ceiling`,
      value: `${pct(shareOf)} of ${fmtInt(ceiling)}/s (the most it sustained alone; ✗ in its row did not keep pace)`,
      target: `≥ ${least * 100}%`,
      result: verdict(Number.isFinite(shareOf) ? shareOf >= least : null),
      bare: '',
      ratio: '',
    });
    const platformCpu = run?.ladder.best?.cpu;
    const bareCpu = bare?.ladder.best?.cpu;
    rows.push({
      figure: `  CPU per vote at the best step, ${which} viewers: server + voters`,
      value: cpuText(run?.ladder.best),
      target: '',
      result: 'info',
      bare: cpuText(bare?.ladder.best),
      ratio: platformCpu && bareCpu ? fmtRatio((platformCpu.serverUs + platformCpu.votersUs) / (bareCpu.serverUs + bareCpu.votersUs)) : '',
    });
  }
  const socketPath = (steps: LadderStep[] | undefined) =>
    (steps ?? []).filter((step) => Number.isFinite(step.cpu.serverUs)).map((step) => ({ rate: step.achieved, usPerVote: step.cpu.serverUs + step.cpu.votersUs }));
  const writer = r.writer.steps.map((step) => ({ rate: step.acked, usPerVote: step.cpuUs }));
  const withoutViewers = socketPath(r.bareWithoutViewers?.withoutViewers?.ladder.steps);
  const bound = cpuBound(r.machine.cpus, withoutViewers, writer);
  const perVoteAt = (points: CpuPoint[], rate: number) => ((coresCurve(points)(rate) * 1e6) / rate).toFixed(0);
  rows.push({
    figure: '  most any storing server could sustain here',
    value: Number.isFinite(bound)
      ? `${fmtInt(bound)}/s = ${pct(bound / ceiling)} of the ceiling: there the bare socket path (server + voters, no viewers) costs ${perVoteAt(withoutViewers, bound)} µs a vote and the writer alone ${perVoteAt(writer, bound)} µs, ${r.machine.cpus} cores in all`
      : '—',
    target: 'a share target above it cannot be met here',
    result: 'info',
    bare: '',
    ratio: '',
  });
  // The bare server's own tallies to its viewers go out at another pace than the platform's, so this one is an
  // estimate, not a bound: the platform has come within a few percent of it and once passed it.
  const viewerCores = r.bare.withViewers?.generator?.viewerCores ?? 0;
  const withViewers = cpuBound(r.machine.cpus - viewerCores, socketPath(r.bare.withViewers?.ladder.steps), writer);
  rows.push({
    figure: '  the same with viewers (an estimate)',
    value: Number.isFinite(withViewers)
      ? `${fmtInt(withViewers)}/s = ${pct(withViewers / ceiling)} of the ceiling: the bare server's ladder with viewers, on the ${(r.machine.cpus - viewerCores).toFixed(2)} cores the viewers' generator leaves`
      : '—',
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  // Only when both ladders had a 2,000/s step: a ladder that did not hold 1,000/s never offers it.
  const bareAck2000 = ackP99At(r.bare.withViewers, 2000);
  const ackRow = (figure: string, run: ServerRun['withViewers']): Row => {
    const ratio = ackP99At(run, 2000) / bareAck2000;
    return {
      figure,
      value: fmtMs(ackP99At(run, 2000)),
      target: '≤ 0.3× bare',
      result: verdict(Number.isFinite(ratio) ? ratio <= 0.3 : null),
      bare: fmtMs(bareAck2000),
      ratio: fmtRatio(ratio),
    };
  };
  rows.push(ackRow('Vote ack p99 at 2,000 votes/s, viewers connected', r.platform.withViewers));
  const storm = r.platform.storm;
  const approvalRatio = (storm?.approval.toEveryViewer.p99 ?? NaN) / (storm?.voteToScreen?.toEveryViewer.p99 ?? NaN);
  rows.push({
    figure: `A moderator's approval to every viewer, ${fmtInt(storm?.rate ?? NaN)} votes/s (${fmtInt(storm?.acked ?? NaN)}/s acked)`,
    value: storm ? `${latencyText(storm.approval.toEveryViewer)} over ${storm.approvals} approvals, ${fmtInt(storm.approval.missed)} deliveries missed` : '—',
    target: '≤ 1.0× tally vote-to-screen',
    result: verdict(storm && Number.isFinite(approvalRatio) ? approvalRatio <= 1.0 && storm.approval.missed === 0 : null),
    bare: storm?.voteToScreen ? `tally p99 ${fmtMs(storm.voteToScreen.toEveryViewer.p99)}` : '',
    ratio: fmtRatio(approvalRatio),
  });
  const stall = r.platform.stalled;
  const grown = stall ? (stall.during.rss - stall.before.rss) / stall.count : NaN;
  const p = perViewer(r.platform.held);
  rows.push({
    figure: `Viewers not reading: ${stall ? `${fmtInt(stall.count)} for ${stall.ms / 1000} s` : '—'}, 500 votes/s`,
    value: stall
      ? `RSS grew ${fmtBytes(grown)} per stalled viewer (heap ${fmtBytes((stall.during.heapUsed - stall.before.heapUsed) / stall.count)}); per viewer with it ${p ? fmtBytes(p.rss + Math.max(0, grown)) : '—'}; ${fmtInt(stall.connectedAfter)} connected after`
      : '—',
    target: '< 30 KiB per viewer',
    result: verdict(stall && p ? p.rss + Math.max(0, grown) < 30 * 1024 : null),
    bare: '',
    ratio: '',
  });

  const w = r.workers;
  if (!w) return rows;
  const one = r.platform;
  const wHeld = w.held?.ramp.connected ?? 0;
  rows.push({
    figure: 'WORKERS=2: viewers held (joined, still connected at end)',
    value: `${fmtInt(wHeld)} / ${fmtInt(w.viewersAtEnd?.connected ?? wHeld)}`,
    target: '',
    result: 'info',
    bare: '',
    ratio: '',
  });
  const wPer = perViewer(w.held);
  const onePer = perViewer(one.held);
  rows.push({
    figure: 'WORKERS=2: RSS of all processes, base / per viewer added',
    value: w.held && wPer ? `${fmtBytes(w.held.before.rss)} / ${fmtBytes(wPer.rss)}` : '—',
    target: '< 30 KiB per viewer',
    result: verdict(wPer ? wPer.rss < 30 * 1024 : null),
    bare: one.held && onePer ? `WORKERS=1: ${fmtBytes(one.held.before.rss)} / ${fmtBytes(onePer.rss)}` : '',
    ratio: wPer && onePer ? fmtRatio(wPer.rss / onePer.rss) : '',
  });
  const wBest = w.withViewers?.ladder.best ?? null;
  const oneBest = one.withViewers?.ladder.best ?? null;
  rows.push({
    figure: 'WORKERS=2: durable votes/s with viewers',
    value: wBest ? `${fmtInt(wBest.achieved)}/s = ${pct(share(wBest.achieved))} of the writer ceiling (ack ${latencyText(wBest.ack)})` : 'no rate held',
    target: '≥ 50% of the writer ceiling',
    result: verdict(wBest ? share(wBest.achieved) >= 0.5 : false),
    bare: oneBest ? `WORKERS=1: ${fmtInt(oneBest.achieved)}/s` : '',
    ratio: fmtRatio((wBest?.achieved ?? NaN) / (oneBest?.achieved ?? NaN)),
  });
  rows.push(ackRow('WORKERS=2: vote ack p99 at 2,000 votes/s', w.withViewers));
  const wVts = w.steady?.voteToScreen ?? null;
  const bareVts = r.bare.steady?.voteToScreen ?? null;
  const wVtsRatio = (wVts?.toEveryViewer.p99 ?? NaN) / (bareVts?.toEveryViewer.p99 ?? NaN);
  rows.push({
    figure: `WORKERS=2: vote-to-screen, every viewer, ${fmtInt(w.steady?.run.rate ?? NaN)} votes/s`,
    value: wVts ? `${latencyText(wVts.toEveryViewer)}; ${fmtInt(wVts.unseen)} unseen` : '—',
    target: '≤ 1.0× bare',
    result: verdict(wVts ? wVtsRatio <= 1.0 && wVts.unseen === 0 : null),
    bare: bareVts ? `p99 ${fmtMs(bareVts.toEveryViewer.p99)}` : '—',
    ratio: fmtRatio(wVtsRatio),
  });
  rows.push({
    figure: 'WORKERS=2: lost / extra votes vs SQLite file',
    value: w.audit ? `${fmtInt(w.audit.lost)} lost / ${fmtInt(w.audit.extra)} extra of ${fmtInt(w.audit.expectedOn)}, ${fmtInt(w.audit.countMismatches)} count mismatches` : '—',
    target: '0 / 0',
    result: verdict(w.audit ? w.audit.lost === 0 && w.audit.extra === 0 && w.audit.countMismatches === 0 : null),
    bare: '',
    ratio: '',
  });
  return rows;
}

function render(rows: Row[]): string {
  const header: Row = { figure: 'Figure', value: 'Value', target: 'Target', result: 'info', bare: 'Bare Socket.IO', ratio: '÷ bare' };
  const cells = (row: Row, isHeader = false) => [row.figure, row.value, row.target, isHeader ? 'Result' : row.result === 'info' ? '' : row.result.toUpperCase(), row.bare, row.ratio];
  const all = [cells(header, true), ...rows.map((row) => cells(row))];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => [...c[i]!].length)));
  const line = (c: string[]) => c.map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)).join(' │ ');
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(all[0]!), rule, ...all.slice(1).map(line)].join('\n');
}

function details(r: BenchResults): string {
  const lines: string[] = [];
  const ladderLine = (name: string, run: { ladder: Ladder } | undefined) => {
    if (!run) return;
    const steps = run.ladder.steps
      .map((s) => `${fmtInt(s.rate)}→${fmtInt(s.achieved)}${s.pass ? '' : '✗'} (p99 ${fmtMs(s.ack.p99)}${s.aborted ? ', backlog' : ''}${Object.keys(s.errors).length ? `, errors ${JSON.stringify(s.errors)}` : ''}${s.lagP99 > 20 ? `, generator lag p99 ${fmtMs(s.lagP99)}` : ''}${Number.isFinite(s.cpu.serverUs) ? `, CPU a vote: server ${s.cpu.serverUs.toFixed(0)} + voters ${s.cpu.votersUs.toFixed(0)} µs` : ''})`)
      .join('; ');
    lines.push(`  ${name}: ${steps} [${run.ladder.stoppedBy}]`);
  };
  lines.push('Rate ladders (offered/s → acked/s; ✗ = not sustained):');
  ladderLine('bare, viewers connected', r.bare.withViewers);
  ladderLine('bare, no viewers', r.bareWithoutViewers?.withoutViewers);
  ladderLine('platform, no viewers', r.groupCommit.withoutViewers);
  ladderLine('platform, viewers connected', r.platform.withViewers);
  ladderLine('platform WRITE_BATCH_MAX=1', r.batch1.withoutViewers);
  ladderLine('platform WORKERS=2, viewers connected', r.workers?.withViewers);
  for (const [name, run] of [
    ['platform, viewers connected', r.platform.withViewers],
    ['platform, no viewers', r.groupCommit.withoutViewers],
    ['WRITE_BATCH_MAX=1', r.batch1.withoutViewers],
  ] as const) {
    const sql = sqlPerVote(run);
    if (!sql) continue;
    lines.push(
      `Main writer connection per acked vote (${name}; tallies and session writes, the vote batches run on the vote writer thread): ${sql.statementsPerVote.toFixed(2)} statements, ${sql.writerBusyUsPerVote.toFixed(0)} µs busy ` +
        `→ ceiling ≈ ${fmtInt(1e6 / sql.writerBusyUsPerVote)} votes/s; server CPU ${(run?.server.cpuShare ?? NaN).toFixed(2)} cores, event-loop p99 ${fmtMs(run?.server.eventLoopDelay.p99 ?? NaN)}`,
    );
    for (const k of sql.kinds) lines.push(`    ${k.kind.padEnd(42)} ${k.perVote.toFixed(2)}/vote  mean ${k.meanUs.toFixed(0)} µs`);
  }
  const profiled: Array<[string, (Measures & { server?: Stats }) | undefined]> = [
    ['platform, steady 500 votes/s, viewers connected', r.platform.steady],
    ['platform, rate ladder, viewers connected', r.platform.withViewers],
    ['platform, rate ladder, no viewers', r.groupCommit.withoutViewers],
    ['bare, steady 500 votes/s', r.bare.steady],
    ['bare, rate ladder', r.bare.withViewers],
  ];
  for (const [name, m] of profiled) {
    if (!m?.profile) continue;
    const g = m.generator;
    lines.push(
      `Server CPU profile, ${name}: server ${(m.server?.cpuShare ?? NaN).toFixed(2)} cores; load generator ${g ? `viewers ${g.viewerCores.toFixed(2)} + voters ${g.voterCores.toFixed(2)} cores` : '—'}`,
    );
    lines.push(`    by area: ${m.profile.byArea.slice(0, 9).map((a) => `${a.area} ${(a.share * 100).toFixed(1)}%`).join(', ')}`);
    for (const f of m.profile.topFunctions.slice(0, 8)) lines.push(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.fn}`);
  }
  return lines.join('\n');
}

/** Prints the table and the details under it; returns the text for the JSON report. */
export function printReport(r: BenchResults): string {
  const m = r.machine;
  const head = `Tọa đàm load benchmark, ${r.startedAt} (${r.durationSec.toFixed(0)} s) on ${m.cpus}× ${m.cpuModel}, ${m.memoryGiB.toFixed(0)} GiB, node ${m.node}`;
  const text = [head, '', render(buildRows(r)), '', details(r)].join('\n');
  console.log(text);
  return text;
}
