/**
 * `npm run bench:pages`: what a resident on a phone waits for. Starts the compiled server on loopback with the demo
 * session, opens its resident page in a fresh Chromium profile (empty cache, new resident) under Chromium's own
 * network emulation (CDP Network.emulateNetworkConditions), and prints, per profile, the JavaScript bytes the page
 * downloaded (as sent on the wire, compressed, headers included), the first paint, and the time until the first
 * question is on screen, against the targets of issue 14.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { spawnServer } from '../test/support/child-server.ts';
import { build } from './build.ts';

interface Profile {
  name: string;
  /** Added to every request, in ms, as Chromium applies it. */
  latency: number;
  /** Bytes per second, both ways. */
  throughput: number;
  /** Questions visible within this, in ms. */
  target: number;
}

const PROFILES: Profile[] = [
  { name: '4G (20 ms, 4 Mbit/s)', latency: 20, throughput: (4 * 1024 * 1024) / 8, target: 2000 },
  { name: 'slow 3G (400 ms, 50 KB/s)', latency: 400, throughput: 50 * 1024, target: 6000 },
];
const JS_TARGET_BYTES = 90 * 1024;
const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 3);
/** Chunks a resident must never download: the staff consoles, administration, the studio and LiveKit's client. */
export const STAFF_CHUNKS = /\/assets\/(Admin|Moderate|Stage|Studio|Caption|Minutes|FollowupDashboard|Scoreboard|media-room|livekit)[-.]/;

export interface PageLoad {
  /** Each script's body as sent (compressed), and its whole response with headers. */
  scripts: Array<{ url: string; bytes: number; wireBytes: number; encoding: string }>;
  jsBytes: number;
  jsWireBytes: number;
  firstPaintMs: number | null;
  questionsMs: number;
}

/** One cold load of `url` under the profile: a fresh profile, so nothing is cached and the resident is new. */
export async function measureLoad(browser: Browser, url: string, profile: Pick<Profile, 'latency' | 'throughput'>): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
  try {
    const page = await context.newPage();
    // Stamped by the page itself, so the figure does not include the time the test takes to ask for it.
    // A string, not a function: tsx's transform would put helpers into a function's source that the page lacks.
    await page.addInitScript(`
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[role="tabpanel"] article')) return;
        window.questionsAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    `);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.throughput,
      uploadThroughput: profile.throughput,
    });
    const responses = new Map<string, { url: string; type: string; encoding: string; headerBytes: number }>();
    const scripts: PageLoad['scripts'] = [];
    cdp.on('Network.responseReceived', (event) => {
      const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      // What had arrived when the response began is its status line and headers.
      responses.set(event.requestId, {
        url: event.response.url,
        type: event.type ?? '',
        encoding: headers['content-encoding'] ?? 'identity',
        headerBytes: event.response.encodedDataLength,
      });
    });
    cdp.on('Network.loadingFinished', (event) => {
      const response = responses.get(event.requestId);
      if (response?.type !== 'Script') return;
      scripts.push({ url: response.url, bytes: event.encodedDataLength - response.headerBytes, wireBytes: event.encodedDataLength, encoding: response.encoding });
    });
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { questionsAt?: number }).questionsAt !== undefined, null, { timeout: 60_000 });
    // Whatever the page still fetches once the questions are there (a lazy chunk) counts as its first load too.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    const timing = await page.evaluate(() => ({
      questionsMs: (window as unknown as { questionsAt: number }).questionsAt,
      firstPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    const sum = (key: 'bytes' | 'wireBytes') => scripts.reduce((total, s) => total + s[key], 0);
    return { scripts, jsBytes: sum('bytes'), jsWireBytes: sum('wireBytes'), ...timing };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  await build({ ifNeeded: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'toadam-bench-pages-'));
  const server = await spawnServer({ DATABASE_PATH: join(dataDir, 'bench.sqlite'), LOG_LEVEL: 'info' });
  const browser = await launchBrowser();
  let failed = false;
  try {
    const url = `${server.url}/s/${server.sessionId}`;
    console.log(`Resident page ${url}, ${RUNS} cold loads per profile at 360×740 px\n`);
    for (const profile of PROFILES) {
      const loads: PageLoad[] = [];
      for (let run = 0; run < RUNS; run += 1) loads.push(await measureLoad(browser, url, profile));
      const js = median(loads.map((l) => l.jsBytes));
      const questions = median(loads.map((l) => l.questionsMs));
      const paint = median(loads.map((l) => l.firstPaintMs ?? Number.NaN));
      const staff = loads.flatMap((l) => l.scripts).filter((s) => STAFF_CHUNKS.test(s.url));
      const jsOk = js <= JS_TARGET_BYTES;
      const timeOk = questions <= profile.target;
      failed ||= !jsOk || !timeOk || staff.length > 0;
      console.log(profile.name);
      console.log(`  JavaScript on first load   ${kb(js).padStart(10)}   target ≤ ${kb(JS_TARGET_BYTES)}   ${jsOk ? 'ok' : 'OVER'}   (${loads[0]!.scripts.length} files, ${[...new Set(loads[0]!.scripts.map((s) => s.encoding))].join('/')}; with headers ${kb(median(loads.map((l) => l.jsWireBytes)))})`);
      console.log(`  first contentful paint     ${ms(paint).padStart(10)}`);
      console.log(`  questions visible          ${ms(questions).padStart(10)}   target ≤ ${ms(profile.target)}   ${timeOk ? 'ok' : 'OVER'}   (runs: ${loads.map((l) => ms(l.questionsMs)).join(', ')})`);
      console.log(`  staff/admin/studio chunks  ${staff.length === 0 ? 'none' : staff.map((s) => s.url).join(', ')}\n`);
    }
    for (const s of (await measureLoad(browser, url, PROFILES[0]!)).scripts) console.log(`  ${kb(s.bytes).padStart(9)}  ${new URL(s.url).pathname}`);
  } finally {
    await browser.close();
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1]?.endsWith('bench-pages.ts')) await main();
