/**
 * `npx tsx scripts/bench/vote-path.ts [--rates 2000,6000,10000] [--step-ms 4000] [--cpu-prof DIR]`: the durable
 * vote path alone, no viewers, in a few minutes instead of the full benchmark's nine. Fixed open-loop steps (no
 * ladder), and for each one what a vote costs: CPU µs per acked vote on the server's main thread and on the rest
 * of its threads (the vote writer thread, SQLite's work on libuv's pool, GC), and on the load generator. On two
 * shared cores compare steps within one run, not figures across runs. `--cpu-prof DIR` starts the server under
 * `node --cpu-prof`, which writes one profile per thread (the vote writer thread's too) when it stops.
 * `--keep` leaves the work directory (the server's log, the SQLite file) and prints where it is. `--compiled DIR`
 * runs another build of the server (a copy of dist/node made before a change): A/B runs on the same busy machine.
 * `--profile` samples the main thread over the steps (the benchmark's in-process profile) and prints where it went.
 * `--viewers N` first holds N viewers and runs 500 votes/s for 10 s: vote-to-screen at every viewer beside its
 * phases as the server's metrics count them (how often a tally went out, how long each fan-out took). `--bare`
 * drives the bare Socket.IO server instead (no storage, no metrics), the reference the benchmark divides by.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../build.ts';
import type { CpuBreakdown } from './cpu-profile.ts';
import { Child, killAllChildren } from './ipc.ts';
import { Load, steadyRun } from './load.ts';
import { threadCpuSeconds } from './proc.ts';
import type { PlatformInfo } from './server-entry.ts';
import { serverEnv } from './server-env.ts';
import { preparePlatform } from './setup.ts';
import { sleep } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const METRICS_TOKEN = 'vote-path-metrics-token';

/** A histogram's count and sum in the server's /metrics text. */
async function histogram(url: string, name: string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const read = (suffix: string) => Number(new RegExp(`^${name}_${suffix}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { count: read('count'), sum: read('sum') };
}

async function voteToScreenPhases(load: Load, url: string, sessionId: number, viewers: number, metrics: boolean): Promise<void> {
  const ramp = await load.connectViewers(url, sessionId, viewers, 250);
  await sleep(1000);
  const fanoutSeconds = async () => (metrics ? histogram(url, 'toadam_fanout_seconds') : { count: NaN, sum: NaN });
  const before = await fanoutSeconds();
  const startedAt = Date.now();
  const { run, voteToScreen } = await steadyRun(load, { rate: 500, durationMs: 10_000, drainMs: 3000, record: true, settleMs: 1000 });
  const after = await fanoutSeconds();
  const fanouts = after.count - before.count;
  const seconds = (Date.now() - startedAt) / 1000;
  const v = voteToScreen!.toEveryViewer;
  console.log(`${ramp.connected} viewers, 500 votes/s: ack p50 ${run.ack.p50.toFixed(0)} / p99 ${run.ack.p99.toFixed(0)} ms; vote-to-screen at every viewer p50 ${v.p50.toFixed(0)} / p99 ${v.p99.toFixed(0)} ms (${voteToScreen!.unseen} unseen)`);
  if (metrics) console.log(`  broadcasts: one every ${((seconds * 1000) / fanouts).toFixed(0)} ms (tally interval 250 ms from the end of the last), each from its commit to the last shard ${((1000 * (after.sum - before.sum)) / fanouts).toFixed(0)} ms on average`);
}

async function main(): Promise<void> {
  const rates = (arg('--rates') ?? '2000,6000,10000').split(',').map(Number);
  const stepMs = Number(arg('--step-ms') ?? 4000);
  const voters = Number(arg('--voters') ?? 3000);
  const profileDir = arg('--cpu-prof');
  const other = arg('--compiled');
  if (!other) await build({ ifNeeded: true, only: ['server'] });
  const compiled = join(other ? resolve(other) : join(root, 'dist/node'), 'scripts/bench');
  const dir = mkdtempSync(join(tmpdir(), 'toadam-vote-path-'));
  const execArgv = ['--max-old-space-size=4096', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const bare = process.argv.includes('--bare');
  const { child: server, info } = await Child.start<PlatformInfo>('platform', join(compiled, bare ? 'bare-server-entry.js' : 'server-entry.js'), {
    logPath: join(dir, 'platform.log'),
    execArgv,
    // `--env NAME=VALUE,…` sets the server's configuration for a comparison (WRITE_BATCH_MAX=1, …).
    env: { ...serverEnv(dir, join(dir, 'platform.sqlite')), METRICS_TOKEN, ...Object.fromEntries((arg('--env') ?? '').split(',').filter(Boolean).map((pair) => pair.split('='))) },
  });
  const url = `http://127.0.0.1:${info.port}`;
  const start = (role: 'viewer' | 'voter', i: number) =>
    Child.start(`${role}s-${i}`, join(here, `${role}-worker.ts`), { logPath: join(dir, `${role}s-${i}.log`), execArgv: ['--max-old-space-size=4096'] });
  const viewerCount = Number(arg('--viewers') ?? 0);
  const workers = await Promise.all([1, 2].map((i) => start('voter', i)));
  const viewerWorkers = viewerCount > 0 ? [await start('viewer', 1)] : [];
  const load = new Load(viewerWorkers.map((w) => w.child), workers.map((w) => w.child), true);
  try {
    const questionIds = bare
      ? Array.from({ length: 103 }, (_, i) => i + 1)
      : await preparePlatform(url, { password: info.adminPassword, sessionId: info.sessionId, questions: 103 });
    await load.connectVoters(url, voters, questionIds, 250);
    if (viewerCount > 0) await voteToScreenPhases(load, url, info.sessionId, viewerCount, !bare);
    if (process.argv.includes('--profile')) await server.call('profileStart');
    console.log('rate/s  acked/s  ack p50/p99 ms   server main µs/vote  other threads µs/vote  busiest other thread µs/vote  generator µs/vote');
    for (const rate of rates) {
      const before = threadCpuSeconds(info.pid);
      const generatorBefore = await load.cpu();
      const run = await load.votes(rate, stepMs, { toggleShare: 0.1, drainMs: 3000 });
      const after = threadCpuSeconds(info.pid);
      const generatorAfter = await load.cpu();
      const used = [...after].map(([tid, s]) => [tid, s - (before.get(tid) ?? 0)] as const);
      const main = used.find(([tid]) => tid === info.pid)?.[1] ?? NaN;
      const others = used.filter(([tid]) => tid !== info.pid).sort((a, b) => b[1] - a[1]);
      const perVote = (seconds: number) => ((seconds * 1e6) / Math.max(1, run.ok)).toFixed(1);
      // Node leaves its threads unnamed: each one's share, busiest first (the vote writer thread, libuv's pool, V8's).
      if (process.argv.includes('--threads')) console.log(`  each other thread, µs/vote: ${others.filter(([, s]) => s > 0).map(([, s]) => perVote(s)).join(', ')}`);
      console.log(
        [
          String(rate).padStart(6),
          String(Math.round(run.achieved)).padStart(8),
          `${run.ack.p50.toFixed(1)}/${run.ack.p99.toFixed(1)}`.padStart(14),
          perVote(main).padStart(20),
          perVote(others.reduce((s, [, c]) => s + c, 0)).padStart(22),
          perVote(others[0]?.[1] ?? 0).padStart(29),
          perVote(generatorAfter.voters - generatorBefore.voters).padStart(18),
          run.pass ? '' : ` not sustained${run.aborted ? ' (backlog)' : ''}${Object.keys(run.errors).length ? ` errors ${JSON.stringify(run.errors)}` : ''}`,
        ].join(' '),
      );
      await sleep(400);
    }
    if (process.argv.includes('--profile')) {
      const profile = await server.call<CpuBreakdown>('profileStop', null, 60_000);
      console.log(`main thread over the steps: ${profile.byArea.map((a) => `${a.area} ${(a.share * 100).toFixed(1)}%`).join(', ')}`);
      for (const f of profile.topFunctions) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.fn}`);
    }
    await load.closeAll();
    await server.call('stop', null, 30_000);
    await server.stop();
  } finally {
    killAllChildren();
    if (process.argv.includes('--keep')) console.log(`work directory kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  },
);
