/**
 * `npm run bench:media`: how many subscribers this machine's LiveKit holds on one official's 720p camera and
 * microphone with packet loss under 1%. LiveKit's own load tester (`lk load-test`) is not available here (the Go
 * module proxy refuses github.com/livekit/livekit-cli/v2), so the subscribers are livekit-client rooms in headless
 * Chromium, several per page, and the publisher is Chromium's fake 1280×720 camera and microphone. The pinned
 * LiveKit server runs on loopback (built by scripts/livekit-server.sh). Subscribers are added a step at a time; each
 * step is measured from the subscribers' own RTP statistics (packets received and lost, bytes and frames per
 * subscriber) until loss reaches 1%, a subscriber receives no video, the frame rate falls under half the first
 * step's, or the cap or the deadline is reached.
 *
 *   npm run bench:media                                   steps of 5, up to 60 subscribers, at most 5 minutes
 *   npm run bench:media -- --step 10 --cap 100 --max-seconds 400
 *
 * Subscribers, publisher and server share this machine's cores, so the figure is a floor for LiveKit itself: the
 * CPU columns say who was busy.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import { FAKE_MEDIA_ARGS, launchBrowser } from '../../test/support/browser.ts';
import { LIVEKIT_BINARY, LIVEKIT_VERSION, REAL_API_KEY, REAL_API_SECRET, reserveLiveKit } from '../livekit-local.ts';

/** The figure the issue compares against: LiveKit's published benchmark. */
const PUBLISHED = 'about 990 subscribers for 5 publishers on a 16-core machine (LiveKit’s published benchmark)';
const LOSS_LIMIT = 0.01;
const ROOMS_PER_PAGE = 10;
const ROOM = 'bench-media';

function option(name: string, fallback: number, max: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} takes a whole number from 1 to ${max}`);
  return value;
}

interface Inbound {
  packetsReceived: number;
  packetsLost: number;
  /** Video bytes received by each subscriber's peer connections, in the order the subscribers joined. */
  videoBytes: number[];
  framesDecoded: number;
  /** The narrowest video any subscriber decoded, to see that they all got the 720p picture. */
  minFrameWidth: number;
}

/** Runs in each page: keeps the peer connections, loads livekit-client, and adds rooms that subscribe to everything. */
async function preparePage(page: Page, umd: string): Promise<void> {
  await page.evaluate(() => {
    const Native = window.RTCPeerConnection;
    const opened: RTCPeerConnection[][] = [];
    const w = window as unknown as { __subscribers: RTCPeerConnection[][]; __current: RTCPeerConnection[] | null };
    w.__subscribers = opened;
    w.__current = null;
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        w.__current?.push(this);
      }
    };
  });
  await page.evaluate(umd);
}

async function addSubscribers(page: Page, url: string, tokens: string[]): Promise<void> {
  await page.evaluate(
    async ({ url, tokens }) => {
      const { Room } = (window as unknown as { LivekitClient: typeof import('livekit-client') }).LivekitClient;
      const w = window as unknown as { __subscribers: RTCPeerConnection[][]; __current: RTCPeerConnection[] | null; __rooms?: unknown[] };
      w.__rooms ??= [];
      for (const token of tokens) {
        const connections: RTCPeerConnection[] = [];
        w.__current = connections;
        // Every subscriber takes the full 720p layer: no adaptive stream (no video element here to size it by).
        const room = new Room({ adaptiveStream: false, dynacast: false });
        await room.connect(url, token);
        w.__current = null;
        w.__subscribers.push(connections);
        w.__rooms.push(room);
      }
    },
    { url, tokens },
  );
}

function readInbound(page: Page): Promise<Inbound> {
  return page.evaluate(async () => {
    const total = { packetsReceived: 0, packetsLost: 0, videoBytes: [] as number[], framesDecoded: 0, minFrameWidth: Infinity };
    const subscribers = (window as unknown as { __subscribers: RTCPeerConnection[][] }).__subscribers;
    for (const connections of subscribers) {
      let video = 0;
      for (const pc of connections) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsReceived?: number; packetsLost?: number; bytesReceived?: number; framesDecoded?: number; frameWidth?: number }) => {
          if (r.type !== 'inbound-rtp') return;
          total.packetsReceived += r.packetsReceived ?? 0;
          total.packetsLost += Math.max(0, r.packetsLost ?? 0);
          if (r.kind === 'video') {
            video += r.bytesReceived ?? 0;
            total.framesDecoded += r.framesDecoded ?? 0;
            total.minFrameWidth = Math.min(total.minFrameWidth, r.frameWidth ?? 0);
          }
        });
      }
      total.videoBytes.push(video);
    }
    return total;
  });
}

/** CPU seconds (user + system) a process and its children have used, from /proc. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Fields 14–17 of stat (utime, stime, cutime, cstime) are at 11–14 once the name is cut off.
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
}

/** The machine's busy and total CPU seconds so far, from /proc/stat. */
function machineCpuSeconds(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + (ticks[4] ?? 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

interface Step {
  subscribers: number;
  receiving: number;
  packetsReceived: number;
  packetsLost: number;
  loss: number;
  videoKbpsPerSubscriber: number;
  fps: number;
  minFrameWidth: number;
  liveKitCores: number;
  machineBusy: number;
}

async function main(): Promise<void> {
  const step = option('step', 5, 100);
  const cap = option('cap', 60, 1000);
  const maxSeconds = option('max-seconds', 300, 3600);
  const measureMs = option('measure-ms', 5000, 60_000);
  if (!existsSync(LIVEKIT_BINARY)) {
    console.error(`${LIVEKIT_BINARY} is missing: build it with \`bash scripts/livekit-server.sh build\` (needs Go).`);
    process.exit(1);
  }
  const started = Date.now();
  const deadline = started + maxSeconds * 1000;
  const lk = await reserveLiveKit();
  let browser: Browser | null = null;
  const steps: Step[] = [];
  let stopped = `the cap of ${cap} subscribers`;
  try {
    await lk.start(null, { logLevel: 'info' });
    browser = await launchBrowser(FAKE_MEDIA_ARGS);
    const umd = readFileSync(join(createRequire(import.meta.url).resolve('livekit-client'), '../livekit-client.umd.js'), 'utf8');
    const token = async (identity: string, publish: boolean) => {
      const at = new AccessToken(REAL_API_KEY, REAL_API_SECRET, { identity, ttl: '2h' });
      at.addGrant({ room: ROOM, roomJoin: true, canSubscribe: !publish, canPublish: publish, canPublishData: false, canPublishSources: publish ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : [] });
      return at.toJwt();
    };
    const newPage = async () => {
      const page = await (await browser!.newContext()).newPage();
      // LiveKit's own address: a loopback origin (a secure context) from which its signalling is same-origin.
      await page.goto(lk.httpUrl);
      await preparePage(page, umd);
      return page;
    };

    const publisher = await newPage();
    await publisher.evaluate(
      async ({ url, token }) => {
        const { Room, VideoPresets, createLocalTracks } = (window as unknown as { LivekitClient: typeof import('livekit-client') }).LivekitClient;
        const room = new Room();
        await room.connect(url, token);
        // One 720p layer that keeps its resolution when the encoder is short of CPU, so every subscriber gets 720p.
        for (const track of await createLocalTracks({ audio: true, video: { resolution: VideoPresets.h720.resolution } })) {
          await room.localParticipant.publishTrack(track, { simulcast: false, videoEncoding: VideoPresets.h720.encoding, degradationPreference: 'maintain-resolution' });
        }
        (window as unknown as { __publisher: unknown }).__publisher = room;
      },
      { url: lk.wsUrl, token: await token('official-1', true) },
    );
    let camera: { width: number; height: number } | undefined;
    while (!camera?.width) {
      const published = (await lk.rooms.listParticipants(ROOM)).find((p) => p.identity === 'official-1');
      camera = published?.tracks.length === 2 ? published.tracks.find((t) => t.source === TrackSource.CAMERA) : undefined;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.log(`Publisher: camera ${camera.width}×${camera.height} and microphone; LiveKit ${LIVEKIT_VERSION}; ${cpus().length} cores`);

    const pages: Page[] = [];
    let count = 0;
    console.log('subscribers  receiving  loss      video kbit/s each  decoded fps  narrowest  LiveKit cores  machine busy');
    while (count < cap) {
      if (Date.now() > deadline) {
        stopped = `the ${maxSeconds} s deadline`;
        break;
      }
      const adding = Math.min(step, cap - count);
      for (let i = 0; i < adding; i += 1) {
        const index = count + i;
        if (index % ROOMS_PER_PAGE === 0) pages.push(await newPage());
        await addSubscribers(pages[Math.floor(index / ROOMS_PER_PAGE)]!, lk.wsUrl, [await token(`subscriber-${index + 1}`, false)]);
      }
      count += adding;
      // Let the new subscribers' bandwidth estimates climb to the full layer before measuring.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const read = () => Promise.all(pages.map(readInbound));
      const cpu0 = { lk: processCpuSeconds(lk.pid!), machine: machineCpuSeconds(), at: Date.now() };
      const before = await read();
      await new Promise((resolve) => setTimeout(resolve, measureMs));
      const after = await read();
      const cpu1 = { lk: processCpuSeconds(lk.pid!), machine: machineCpuSeconds(), at: Date.now() };
      const seconds = (cpu1.at - cpu0.at) / 1000;
      const received = after.reduce((s, p) => s + p.packetsReceived, 0) - before.reduce((s, p) => s + p.packetsReceived, 0);
      const lost = after.reduce((s, p) => s + p.packetsLost, 0) - before.reduce((s, p) => s + p.packetsLost, 0);
      const perSubscriber = after.flatMap((p, i) => p.videoBytes.map((bytes, j) => bytes - (before[i]!.videoBytes[j] ?? 0)));
      const frames = after.reduce((s, p) => s + p.framesDecoded, 0) - before.reduce((s, p) => s + p.framesDecoded, 0);
      const row: Step = {
        subscribers: count,
        receiving: perSubscriber.filter((bytes) => bytes > 0).length,
        packetsReceived: received,
        packetsLost: lost,
        loss: received + lost > 0 ? lost / (received + lost) : 1,
        videoKbpsPerSubscriber: perSubscriber.reduce((a, b) => a + b, 0) / count / seconds / 125,
        fps: frames / count / seconds,
        minFrameWidth: Math.min(...after.map((p) => p.minFrameWidth)),
        liveKitCores: (cpu1.lk - cpu0.lk) / seconds,
        machineBusy: (cpu1.machine.busy - cpu0.machine.busy) / (cpu1.machine.total - cpu0.machine.total),
      };
      steps.push(row);
      console.log(
        `${String(row.subscribers).padStart(11)}  ${String(row.receiving).padStart(9)}  ${(row.loss * 100).toFixed(2).padStart(6)} %  ${row.videoKbpsPerSubscriber.toFixed(0).padStart(17)}  ${row.fps.toFixed(1).padStart(11)}  ${String(row.minFrameWidth).padStart(9)}  ${row.liveKitCores.toFixed(2).padStart(13)}  ${(row.machineBusy * 100).toFixed(0).padStart(10)} %`,
      );
      if (row.loss >= LOSS_LIMIT) {
        stopped = `packet loss ${(row.loss * 100).toFixed(2)} % ≥ 1 %`;
        break;
      }
      if (row.receiving < count) {
        stopped = `${count - row.receiving} of ${count} subscribers received no video`;
        break;
      }
      // Loss alone misses a starved machine: the publisher's encoder then sends fewer frames and nothing is lost.
      if (row.fps < steps[0]!.fps / 2) {
        stopped = `the frame rate falling to ${row.fps.toFixed(1)} fps, under half the first step's ${steps[0]!.fps.toFixed(1)}`;
        break;
      }
    }
  } finally {
    await browser?.close();
    await lk.close();
  }

  const held = steps.filter((s) => s.loss < LOSS_LIMIT && s.receiving === s.subscribers && s.fps >= steps[0]!.fps / 2).at(-1);
  console.log('');
  console.log(
    `Subscribers held on one 720p camera + microphone with packet loss under 1 % (and at least half the first step's frame rate): ${held?.subscribers ?? 0} (stopped at ${stopped}; ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  console.log(`LiveKit's published figure: ${PUBLISHED}.`);
  console.log(
    `This machine: ${cpus().length} cores shared by LiveKit, the publisher and every subscriber (headless Chromium, which also decodes every frame)` +
      (held ? `; at ${held.subscribers} subscribers LiveKit used ${held.liveKitCores.toFixed(2)} cores and the machine was ${(held.machineBusy * 100).toFixed(0)} % busy.` : '.'),
  );
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/media-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ livekit: LIVEKIT_VERSION, cores: cpus().length, held: held?.subscribers ?? 0, stopped, published: PUBLISHED, steps }, null, 2));
  console.log(`Written to ${file}`);
}

await main();
