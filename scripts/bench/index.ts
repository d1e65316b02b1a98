/**
 * `npm run bench`: the load benchmark. Starts each server under test in its own process on loopback with a fresh
 * SQLite file, drives it with real websocket clients speaking Socket.IO's protocol from worker processes, prints
 * the figures against their targets and writes bench/results/<date>.json. Bounded: every phase has a cap, and the
 * whole run a deadline.
 *
 *   npm run bench                      10,000 viewers (about 6 minutes)
 *   npm run bench -- --quick           a small smoke run (300 viewers)
 *   npm run bench -- --viewers 2000
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../../test/support/child-server.ts';
import { build } from '../build.ts';
import { Child, killAllChildren } from './ipc.ts';
import { Load, rateLadder, steadyRun } from './load.ts';
import type { ServerStats } from './probe.ts';
type Stats = ServerStats & { sql?: SqlStats };
import { printReport, type BenchResults, type ServerRun } from './report.ts';
import type { CpuBreakdown } from './cpu-profile.ts';
import type { PlatformInfo } from './server-entry.ts';
import { serverEnv } from './server-env.ts';
import { askPending, command, preparePlatform, signInAdmin } from './setup.ts';
import type { SqlStats } from './sql-profile.ts';
import { now, sleep } from './stats.ts';
import type { SearchBench } from './search-bench.ts';
import type { StorageCeiling } from './storage-ceiling.ts';
import type { WriterCeiling } from './writer-ceiling.ts';
import { auditVotes } from './verify.ts';
import { processCpuSeconds, treeRss } from './proc.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
// The servers under test run compiled, as `npm start` runs the platform.
const compiled = join(root, 'dist/node/scripts/bench');

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  // All voters on 127.0.0.1, as one address behind carrier-grade NAT would look: exposes per-IP limiter costs.
  const oneAddress = argv.includes('--one-address');
  const at = argv.indexOf('--viewers');
  const viewers = at >= 0 ? Number(argv[at + 1]) : quick ? 300 : 10_000;
  if (!Number.isInteger(viewers) || viewers < 1 || viewers > 15_000) throw new Error('--viewers takes a whole number from 1 to 15000');
  return quick
    ? {
        quick,
        oneAddress,
        viewers,
        voters: 400,
        questions: 63,
        viewerWorkers: 1,
        voterWorkers: 1,
        connectBatch: 100,
        storageMs: 300,
        searchSessions: 10,
        stepMs: 600,
        drainMs: 1500,
        bisections: 0,
        ladderMax: 8000,
        latencyMs: 1500,
        naiveMs: 1000,
        naiveDrainCapMs: 2000,
        stalled: 100,
        stallMs: 5000,
        deadlineMs: 480_000,
      }
    : {
        quick,
        oneAddress,
        viewers,
        voters: 3000,
        questions: 103,
        viewerWorkers: 3,
        voterWorkers: 2,
        connectBatch: 250,
        storageMs: 2500,
        searchSessions: 100,
        // Long enough that one broadcast's worth of ack delay at either end moves a step's rate by under 10%.
        stepMs: 4000,
        drainMs: 3000,
        // Three halvings between the last step that held and the first that did not: 1,000/s apart at 10,000/s.
        bisections: 3,
        ladderMax: 32_000,
        latencyMs: 12_000,
        naiveMs: 3000,
        naiveDrainCapMs: 12_000,
        stalled: 1000,
        stallMs: 30_000,
        deadlineMs: 16 * 60_000,
      };
}
type Options = ReturnType<typeof parseArgs>;

const VOTE_RATE_FOR_LATENCY = 500;
const STORM_RATE = 2000;
const TOGGLE_SHARE = 0.1;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function startServer(kind: 'platform' | 'bare', name: string, dir: string, env: Record<string, string | undefined> = {}) {
  const script = join(compiled, kind === 'platform' ? 'server-entry.js' : 'bare-server-entry.js');
  const dbPath = join(dir, `${name}.sqlite`);
  const { child, info } = await Child.start<PlatformInfo>(name, script, {
    logPath: join(dir, `${name}.log`),
    execArgv: ['--expose-gc', '--max-old-space-size=8192'],
    env: { ...serverEnv(dir, dbPath), ...env },
  });
  const stats = (gc = false) => child.call<Stats>('stats', { gc });
  const reset = () => child.call('reset');
  return { child, info, url: `http://127.0.0.1:${info.port}`, dbPath, stats, reset };
}
type Server = Awaited<ReturnType<typeof startServer>>;

async function holdViewers(load: Load, server: Server, sessionId: number, options: Options) {
  const before = await server.stats(true);
  log(`connecting ${options.viewers} viewers (batches of ${options.connectBatch} per worker)…`);
  const ramp = await load.connectViewers(server.url, sessionId, options.viewers, options.connectBatch);
  log(`  ${ramp.connected} connected and joined in ${(ramp.ms / 1000).toFixed(1)} s${ramp.failed ? `, ${ramp.failed} failed: ${ramp.errors.join('; ')}` : ''}`);
  // Lets the last joins' buffers drain before memory is read.
  await sleep(options.quick ? 300 : 1000);
  const after = await server.stats(true);
  return { ramp, before, after };
}

/** Runs a phase with the server's probe reset, its CPU profiled, and the load generator's own CPU counted. */
async function measured<T>(load: Load, server: Server, phase: () => Promise<T>) {
  await server.reset();
  await server.child.call('profileStart');
  const cpuBefore = await load.cpu();
  const wallBefore = Date.now();
  const result = await phase();
  const cpuAfter = await load.cpu();
  const secs = (Date.now() - wallBefore) / 1000;
  const profile = await server.child.call<CpuBreakdown>('profileStop', null, 60_000);
  const stats = await server.stats();
  const generator = { viewerCores: (cpuAfter.viewers - cpuBefore.viewers) / secs, voterCores: (cpuAfter.voters - cpuBefore.voters) / secs };
  return { result, server: stats, profile, generator };
}

async function latencyAndFanout(load: Load, server: Server, options: Options) {
  const { result: steady, server: stats, profile, generator } = await measured(load, server, () => steadyRun(load, {
    rate: VOTE_RATE_FOR_LATENCY,
    durationMs: options.latencyMs,
    drainMs: 3000,
    record: true,
    settleMs: 1000,
  }));
  const { recorded: _unused, ...run } = steady.run;
  return { run, duringEmission: steady.duringEmission, voteToScreen: steady.voteToScreen, server: stats, profile, generator };
}

/** A rate ladder's settings, with the server's CPU read from /proc (its children too, for `WORKERS=N`). */
function ladderOptions(options: Options, start: number, serverPid: number) {
  return {
    start,
    max: options.ladderMax,
    stepMs: options.stepMs,
    drainMs: options.drainMs,
    toggleShare: TOGGLE_SHARE,
    bisections: options.bisections,
    floor: 60,
    serverCpu: () => processCpuSeconds(serverPid),
  };
}

async function ladderWithStats(load: Load, server: Server, start: number, options: Options) {
  const { result: ladder, ...measures } = await measured(load, server, () => rateLadder(load, ladderOptions(options, start, server.info.pid)));
  const best = ladder.best;
  log(`  ladder: ${ladder.steps.map((s) => `${s.rate}/s→${Math.round(s.achieved)}${s.pass ? '✓' : '✗'}`).join(' ')}; best ${best ? Math.round(best.achieved) : '—'}/s (${ladder.stoppedBy})`);
  return { ladder, ...measures };
}

function bareQuestionIds(options: Options): number[] {
  return Array.from({ length: options.questions }, (_, i) => i + 1);
}

async function stopBare(server: Server): Promise<void> {
  await server.child.call('stop', null, 15_000).catch(() => undefined);
  await server.child.stop();
}

async function benchBare(load: Load, dir: string, options: Options): Promise<ServerRun> {
  log('bare Socket.IO server: starting');
  const server = await startServer('bare', 'bare', dir);
  try {
    await load.connectVoters(server.url, options.voters, bareQuestionIds(options), options.connectBatch);
    const held = await holdViewers(load, server, server.info.sessionId, options);
    log('  steady 500 votes/s: vote-to-screen and fan-out');
    const steady = await latencyAndFanout(load, server, options);
    log('  vote rate ladder with viewers connected');
    const withViewers = await ladderWithStats(load, server, 1000, options);
    const status = await load.viewerStatus();
    await load.closeAll();
    return { held, steady, withViewers, viewersAtEnd: status };
  } finally {
    await stopBare(server);
  }
}

/**
 * The bare server's votes with no viewers: what the socket path alone costs a vote (server and load generator),
 * beside the platform's own ladder without viewers.
 */
async function benchBareWithoutViewers(load: Load, dir: string, options: Options): Promise<ServerRun> {
  log('bare Socket.IO server (no viewers): starting');
  const server = await startServer('bare', 'bare-no-viewers', dir);
  try {
    await load.connectVoters(server.url, options.voters, bareQuestionIds(options), options.connectBatch);
    const withoutViewers = await ladderWithStats(load, server, 1000, options);
    await load.closeAll();
    return { withoutViewers };
  } finally {
    await stopBare(server);
  }
}

async function benchPlatform(load: Load, dir: string, options: Options): Promise<ServerRun> {
  log('platform (coalesced tallies, group commit): starting');
  const server = await startServer('platform', 'platform', dir);
  return measureThenAudit(load, server, async () => {
    const questionIds = await preparePlatform(server.url, { password: server.info.adminPassword, sessionId: server.info.sessionId, questions: options.questions });
    log(`  ${questionIds.length} approved questions, session live; connecting ${options.voters} voters`);
    await load.connectVoters(server.url, options.voters, questionIds, options.connectBatch);
    const held = await holdViewers(load, server, server.info.sessionId, options);
    log('  steady 500 votes/s: vote-to-screen and fan-out');
    const steady = await latencyAndFanout(load, server, options);
    const storm = await approvalsDuringStorm(load, server, options);
    log('  vote rate ladder with viewers connected (end to end)');
    const withViewers = await ladderWithStats(load, server, 1000, options);
    const stalled = await stallViewers(load, server, options);
    const status = await load.viewerStatus();
    await sleep(500);
    return { questionIds, run: { held, steady, storm, withViewers, stalled, viewersAtEnd: status } };
  });
}

/**
 * Runs `measure` on a platform server, then stops the load and the server cleanly and audits every acked vote
 * against the server's file; a server that a failure leaves running is killed instead.
 */
async function measureThenAudit(load: Load, server: Server, measure: () => Promise<{ questionIds: number[]; run: ServerRun }>): Promise<ServerRun> {
  let stopped = false;
  try {
    const { questionIds, run } = await measure();
    const expected = await load.expected();
    await load.closeAll();
    await server.child.call('stop', null, 30_000);
    await server.child.stop();
    stopped = true;
    const audit = await auditVotes(server.dbPath, expected, questionIds);
    log(`  audit: ${audit.expectedOn} acked-on pairs, ${audit.rowsInFile} rows, lost ${audit.lost}, extra ${audit.extra}, count mismatches ${audit.countMismatches}`);
    return { ...run, audit };
  } finally {
    if (!stopped) server.child.kill();
  }
}

/**
 * A moderator approves questions during a 2,000 votes/s storm: how long each approval takes to reach every viewer,
 * beside how long the storm's votes take to reach every viewer's screen as tallies.
 */
async function approvalsDuringStorm(load: Load, server: Server, options: Options) {
  const count = options.quick ? 5 : 20;
  const pending = await askPending(server.url, server.info.sessionId, count);
  const admin = await signInAdmin(server.url, server.info.adminPassword);
  log(`  ${STORM_RATE} votes/s with ${count} approvals: approval and tally to every viewer`);
  const sent = new Map<number, number>();
  const storm = steadyRun(load, { rate: STORM_RATE, durationMs: options.latencyMs, drainMs: 3000, record: true, settleMs: 1000 });
  for (const questionId of pending) {
    await sleep(options.latencyMs / (count + 1));
    sent.set(questionId, now());
    await command(admin, 'question:moderate', { questionId, action: 'approve' });
  }
  const { run, voteToScreen } = await storm;
  const approval = await load.approvalToScreen(sent);
  admin.close();
  log(`  approval p99 ${approval.toEveryViewer.p99.toFixed(0)} ms (${approval.missed} missed), tally p99 ${voteToScreen?.toEveryViewer.p99.toFixed(0)} ms`);
  return { rate: STORM_RATE, acked: run.achieved, approvals: sent.size, approval, voteToScreen };
}

/**
 * Viewers that stop reading while votes go on at 500/s: what the server's memory grows by for them (it should
 * hold no more than a tally or two each), and whether they are still connected and caught up once they read again.
 */
async function stallViewers(load: Load, server: Server, options: Options) {
  log(`  ${options.stalled} viewers stop reading for ${options.stallMs / 1000} s while votes go on`);
  const before = await server.stats(true);
  await load.stall(options.stalled, true);
  await steadyRun(load, { rate: VOTE_RATE_FOR_LATENCY, durationMs: options.stallMs, drainMs: 3000, record: false, settleMs: 0 });
  const during = await server.stats(true);
  await load.stall(options.stalled, false);
  await sleep(2000);
  const after = await server.stats(true);
  const status = await load.viewerStatus();
  log(`  RSS +${((during.rss - before.rss) / 1024 / options.stalled).toFixed(1)} KiB per stalled viewer; ${status.connected} connected after`);
  return { count: options.stalled, ms: options.stallMs, before, during, after, connectedAfter: status.connected };
}

/**
 * The durable vote rate with no viewers, on a server of its own: the viewers' server then holds its viewers
 * without a vote storm's worth of grown heap and malloc arenas behind them, as the bare server does.
 */
async function benchWithoutViewers(load: Load, dir: string, options: Options, name: string, env: Record<string, string> = {}): Promise<ServerRun> {
  log(`${name} (no viewers): starting`);
  const server = await startServer('platform', name, dir, env);
  return measureThenAudit(load, server, async () => {
    const questionIds = await preparePlatform(server.url, { password: server.info.adminPassword, sessionId: server.info.sessionId, questions: options.questions });
    await load.connectVoters(server.url, options.voters, questionIds, options.connectBatch);
    const withoutViewers = await ladderWithStats(load, server, env.WRITE_BATCH_MAX === '1' && !options.quick ? 250 : 1000, options);
    return { questionIds, run: { withoutViewers } };
  });
}

/** What a server started as `npm start` starts it can be asked from outside: its memory, no probe inside. */
function outsideStats(rss: number): Stats {
  const none = { p50: NaN, p99: NaN, max: NaN, mean: NaN };
  return { rss, heapUsed: NaN, heapTotal: NaN, external: NaN, arrayBuffers: NaN, cpuShare: NaN, wallMs: NaN, eventLoopDelay: none, connections: NaN };
}

/**
 * The platform as `WORKERS=2 npm start` runs it: a primary handing connections to two workers (sticky, cluster
 * adapter), started from the compiled server itself, so only what can be seen from outside is measured: memory of
 * the three processes, votes, acks and what the viewers saw. The same phases as the one-process platform's.
 */
async function benchWorkers(load: Load, dir: string, options: Options, workers: number): Promise<ServerRun> {
  log(`platform with WORKERS=${workers}: starting`);
  const dbPath = join(dir, `platform-workers-${workers}.sqlite`);
  // The server says it serves at info level.
  const env = { ...serverEnv(dir, dbPath), LOG_LEVEL: 'info', WORKERS: String(workers) };
  const server = await spawnServer(env, 120_000);
  const pid = server.process.pid!;
  let stopped = false;
  try {
    const questionIds = await preparePlatform(server.url, { password: server.adminPassword!, sessionId: server.sessionId!, questions: options.questions });
    await load.connectVoters(server.url, options.voters, questionIds, options.connectBatch);
    const before = outsideStats(treeRss(pid));
    log(`connecting ${options.viewers} viewers…`);
    const ramp = await load.connectViewers(server.url, server.sessionId!, options.viewers, options.connectBatch);
    log(`  ${ramp.connected} connected and joined in ${(ramp.ms / 1000).toFixed(1)} s${ramp.failed ? `, ${ramp.failed} failed: ${ramp.errors.join('; ')}` : ''}`);
    await sleep(options.quick ? 300 : 1000);
    const held = { ramp, before, after: outsideStats(treeRss(pid)) };
    log('  steady 500 votes/s: vote-to-screen');
    const steady = await steadyRun(load, { rate: VOTE_RATE_FOR_LATENCY, durationMs: options.latencyMs, drainMs: 3000, record: true, settleMs: 1000 });
    const { recorded: _unused, ...run } = steady.run;
    log('  vote rate ladder with viewers connected (end to end)');
    const ladder = await rateLadder(load, ladderOptions(options, 1000, pid));
    log(`  ladder: ${ladder.steps.map((s) => `${s.rate}/s→${Math.round(s.achieved)}${s.pass ? '✓' : '✗'}`).join(' ')}; best ${ladder.best ? Math.round(ladder.best.achieved) : '—'}/s (${ladder.stoppedBy})`);
    const status = await load.viewerStatus();
    const rssAtEnd = treeRss(pid);
    await sleep(500);
    const expected = await load.expected();
    await load.closeAll();
    const code = await server.kill('SIGTERM');
    stopped = true;
    if (code !== 0) throw new Error(`WORKERS=${workers} server exited with ${code}:\n${server.output().slice(-2000)}`);
    const audit = await auditVotes(dbPath, expected, questionIds);
    log(`  audit: ${audit.expectedOn} acked-on pairs, ${audit.rowsInFile} rows, lost ${audit.lost}, extra ${audit.extra}, count mismatches ${audit.countMismatches}`);
    return {
      held,
      steady: { run, duringEmission: steady.duringEmission, voteToScreen: steady.voteToScreen, server: outsideStats(rssAtEnd) },
      withViewers: { ladder, server: outsideStats(rssAtEnd) },
      audit,
      viewersAtEnd: status,
    };
  } finally {
    if (!stopped) server.process.kill('SIGKILL');
  }
}

async function benchNaive(load: Load, dir: string, options: Options): Promise<ServerRun> {
  log('platform with FANOUT=naive (a tally broadcast per vote): starting');
  const server = await startServer('platform', 'platform-naive', dir, { FANOUT: 'naive' });
  try {
    const questionIds = await preparePlatform(server.url, { password: server.info.adminPassword, sessionId: server.info.sessionId, questions: options.questions });
    await load.connectVoters(server.url, options.voters, questionIds, options.connectBatch);
    const held = await holdViewers(load, server, server.info.sessionId, options);
    log(`  steady 500 votes/s for ${options.naiveMs / 1000} s, then up to ${options.naiveDrainCapMs / 1000} s for the backlog`);
    await server.reset();
    let atEmissionEnd: ServerStats | null = null;
    const steady = await steadyRun(load, {
      rate: VOTE_RATE_FOR_LATENCY,
      durationMs: options.naiveMs,
      drainMs: options.naiveDrainCapMs,
      record: false,
      settleMs: 0,
      afterEmission: async () => {
        atEmissionEnd = await server.stats().catch(() => null);
      },
    });
    // The broadcasts owed outlast the votes; keep counting until they stop arriving or the cap.
    const drainStarted = Date.now();
    let last = await load.countRead();
    while (Date.now() - drainStarted < options.naiveDrainCapMs) {
      await sleep(500);
      const next = await load.countRead();
      if (next.messages - last.messages < Math.max(10, options.viewers / 10)) {
        last = next;
        break;
      }
      last = next;
    }
    const total = await load.countRead(true);
    const serverAfter = await server.stats().catch(() => null);
    const { recorded: _unused, ...run } = steady.run;
    await load.closeAll();
    return {
      held,
      steady: { run, duringEmission: steady.duringEmission, voteToScreen: null, server: atEmissionEnd ?? serverAfter! },
      naiveTotal: { ...total, drained: Date.now() - drainStarted < options.naiveDrainCapMs },
    };
  } finally {
    // The backlog of per-vote broadcasts can take minutes to drain: this server is killed, not stopped.
    server.child.kill();
  }
}

/**
 * Runs one server's phase with load generator processes of its own. Reused, the generator carries the previous
 * phases' heaps and voter state into the next server's figures, and the first server measured (the bare one) would
 * be the only one driven by fresh processes.
 */
async function withFreshLoad<T>(dir: string, options: Options, phase: string, withViewers: boolean, run: (load: Load) => Promise<T>): Promise<T> {
  const execArgv = ['--max-old-space-size=4096'];
  const start = (role: 'viewers' | 'voters', count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        Child.start(`${phase} ${role}-${i + 1}`, join(here, `${role === 'viewers' ? 'viewer' : 'voter'}-worker.ts`), { logPath: join(dir, `${phase}-${role}-${i + 1}.log`), execArgv }),
      ),
    );
  const [viewers, voters] = await Promise.all([start('viewers', withViewers ? options.viewerWorkers : 0), start('voters', options.voterWorkers)]);
  const children = [...viewers, ...voters].map((c) => c.child);
  try {
    return await run(new Load(viewers.map((v) => v.child), voters.map((v) => v.child), !options.oneAddress));
  } finally {
    for (const child of children) child.kill();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  await build({ ifNeeded: true, only: ['server'] });
  const startedAt = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'toadam-bench-'));
  const deadline = setTimeout(() => {
    log(`the run passed its ${options.deadlineMs / 1000} s deadline: stopping`);
    killAllChildren();
    process.exit(3);
  }, options.deadlineMs);
  deadline.unref();
  log(`${options.quick ? 'quick' : 'full'} run: ${options.viewers} viewers, ${options.voters} voters, ${options.questions} questions; work dir ${dir}`);

  log('bare storage ceiling (sqlite3, synchronous=FULL, WAL)');
  const probe = await Child.start('storage', join(here, 'storage-ceiling.ts'), { logPath: join(dir, 'storage.log') });
  const storage = await probe.child.call<StorageCeiling>('run', { dir, durationMs: options.storageMs }, 120_000);
  probe.child.kill();

  log('the vote writer thread alone (no sockets)');
  const writerProbe = await Child.start('writer', join(here, 'writer-ceiling.ts'), { logPath: join(dir, 'writer.log') });
  const writer = await writerProbe.child.call<WriterCeiling>('run', { dir, durationMs: options.storageMs, rates: options.quick ? [10_000] : [10_000, 20_000, 30_000, 40_000], baselineRate: options.quick ? 10_000 : 20_000 }, 120_000);
  writerProbe.child.kill();

  log(`archive search over ${options.searchSessions} sessions × 2 hours of transcript`);
  const searcher = await Child.start('search', join(here, 'search-bench.ts'), { logPath: join(dir, 'search.log') });
  const search = await searcher.child.call<SearchBench>('run', { dir, sessions: options.searchSessions, queries: 500 }, 600_000);
  searcher.child.kill();

  const bare = await withFreshLoad(dir, options, 'bare', true, (load) => benchBare(load, dir, options));
  const bareWithoutViewers = await withFreshLoad(dir, options, 'bare-no-viewers', false, (load) => benchBareWithoutViewers(load, dir, options));
  const platform = await withFreshLoad(dir, options, 'platform', true, (load) => benchPlatform(load, dir, options));
  const groupCommit = await withFreshLoad(dir, options, 'group-commit', false, (load) => benchWithoutViewers(load, dir, options, 'platform-group-commit'));
  const batch1 = await withFreshLoad(dir, options, 'batch1', false, (load) => benchWithoutViewers(load, dir, options, 'platform-batch1', { WRITE_BATCH_MAX: '1' }));
  const naive = await withFreshLoad(dir, options, 'naive', true, (load) => benchNaive(load, dir, options));
  const workers = await withFreshLoad(dir, options, 'workers-2', true, (load) => benchWorkers(load, dir, options, 2));

  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    durationSec: (Date.now() - startedAt.getTime()) / 1000,
    options,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: totalmem() / 1024 ** 3,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    storage,
    writer,
    search,
    bare,
    bareWithoutViewers,
    platform,
    groupCommit,
    batch1,
    naive,
    workers,
  };
  const table = printReport(results);
  const outDir = join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ ...results, table }, null, 2));
  log(`report written to ${file}`);
  killAllChildren();
  rmSync(dir, { recursive: true, force: true });
}

process.on('SIGINT', () => {
  killAllChildren();
  process.exit(130);
});
process.on('SIGTERM', () => {
  killAllChildren();
  process.exit(143);
});
process.on('exit', () => killAllChildren());

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
