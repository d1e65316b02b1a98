/**
 * Holds a share of the viewers: residents who joined the session and watch `votes:tallied`. Every viewer is an
 * observer: it notes when each tally version reaches it, and the coordinator later matches the votes' emit times
 * against those arrivals. It also counts the messages and bytes the server sends to its viewers. Viewers speak the
 * wire protocol themselves (wire-client.ts) and read a tally's version from the raw frame; its counts are decoded
 * once per version.
 */
import { firstErrors, inBatches, residentCookie } from './clients.ts';
import { serve } from './ipc.ts';
import { addToHistogram, newHistogram, now } from './stats.ts';
import { connectWireClient, readNumber, type WireClient } from './wire-client.ts';

let viewers: WireClient[] = [];
let recording = false;
/** Per tally version: its counts (identical for every viewer) and each viewer's arrival time. */
let versions = new Map<number, { counts: Array<[number, number]>; arrivals: number[] }>();
const counter = { on: false, messages: 0, bytes: 0, since: 0 };
let disconnects = 0;

/** Per approved question, while recording: when its approval reached each viewer. */
let approvals = new Map<number, number[]>();

const TALLY_PREFIX = Buffer.from('42["votes:tallied",');
const CHANGE_PREFIX = Buffer.from('42["question:changed",');
const VERSION_KEY = Buffer.from('"version":');

function onFrame(frame: Buffer, wireBytes: number): void {
  if (counter.on) {
    counter.messages += 1;
    counter.bytes += wireBytes;
  }
  if (!recording) return;
  if (frame.subarray(0, CHANGE_PREFIX.length).equals(CHANGE_PREFIX)) {
    const t = now();
    const text = frame.toString('utf8');
    const id = /"question":\{"id":(\d+)/.exec(text)?.[1];
    if (id && text.includes('"status":"approved"')) {
      let arrivals = approvals.get(Number(id));
      if (!arrivals) approvals.set(Number(id), (arrivals = []));
      arrivals.push(t);
    }
    return;
  }
  if (frame.length <= TALLY_PREFIX.length || !frame.subarray(0, TALLY_PREFIX.length).equals(TALLY_PREFIX)) return;
  const t = now();
  const [version] = readNumber(frame, frame.indexOf(VERSION_KEY) + VERSION_KEY.length);
  let entry = versions.get(version);
  if (!entry) {
    const [, tally] = JSON.parse(frame.subarray(2).toString('utf8')) as [string, { counts: Array<[number, number]> }];
    versions.set(version, (entry = { counts: tally.counts, arrivals: [] }));
  }
  entry.arrivals.push(t);
}

async function connect(args: { url: string; count: number; sessionId: number; batch: number }) {
  const started = now();
  const results = await inBatches(args.count, args.batch, async () => {
    const { cookie } = await residentCookie(args.url);
    const viewer = await connectWireClient({ url: args.url, cookie, timeoutMs: 30_000, onFrame, onDrop: () => (disconnects += 1) });
    const ack = await viewer.emitWithAck<{ ok: boolean; error?: { message: string } }>('session:join', { sessionId: args.sessionId }, 30_000).catch((error: unknown) => {
      viewer.close();
      throw error;
    });
    if (!ack.ok) {
      viewer.close();
      throw new Error(`session:join refused: ${ack.error?.message}`);
    }
    viewers.push(viewer);
    return viewer;
  });
  return {
    connected: viewers.filter((v) => v.open).length,
    failed: results.filter((r) => r.status === 'rejected').length,
    errors: firstErrors(results),
    ms: now() - started,
  };
}

/**
 * For each vote (question, the count its ack returned, emit time): the first tally version showing that question
 * at or above that count is the one that carried the vote to the screen. Counts only grow while recording (the
 * latency phase sends no votes off), so "at or above" is exact.
 */
function match(args: { votes: Float64Array }) {
  const byQuestion = new Map<number, { version: number[]; count: number[] }>();
  const ordered = [...versions.keys()].sort((a, b) => a - b);
  for (const version of ordered) {
    for (const [questionId, count] of versions.get(version)!.counts) {
      let list = byQuestion.get(questionId);
      if (!list) byQuestion.set(questionId, (list = { version: [], count: [] }));
      list.version.push(version);
      list.count.push(count);
    }
  }
  const n = args.votes.length / 3;
  const perVoteMax = new Float64Array(n).fill(NaN);
  const hist = newHistogram();
  let deliveries = 0;
  let missedDeliveries = 0;
  let unseen = 0;
  const watching = viewers.length;
  for (let i = 0; i < n; i++) {
    const questionId = args.votes[i * 3]!;
    const count = args.votes[i * 3 + 1]!;
    const emitted = args.votes[i * 3 + 2]!;
    const list = byQuestion.get(questionId);
    let lo = 0;
    let hi = list ? list.count.length : 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list!.count[mid]! >= count) hi = mid;
      else lo = mid + 1;
    }
    if (!list || lo === list.count.length) {
      unseen += 1;
      continue;
    }
    const arrivals = versions.get(list.version[lo]!)!.arrivals;
    let worst = -Infinity;
    for (const t of arrivals) {
      const latency = t - emitted;
      addToHistogram(hist, latency);
      if (latency > worst) worst = latency;
    }
    deliveries += arrivals.length;
    missedDeliveries += Math.max(0, watching - arrivals.length);
    perVoteMax[i] = worst;
  }
  return { perVoteMax, hist, deliveries, missedDeliveries, unseen, versions: versions.size };
}

serve({
  connect,
  record: (args: { on: boolean }) => {
    if (args.on) {
      versions = new Map();
      approvals = new Map();
    }
    recording = args.on;
    return { versions: versions.size };
  },
  match,
  approvals: () => [...approvals],
  countStart: () => {
    Object.assign(counter, { on: true, messages: 0, bytes: 0, since: now() });
    return null;
  },
  countRead: (args: { stop?: boolean } | null) => {
    if (args?.stop) counter.on = false;
    return { messages: counter.messages, bytes: counter.bytes, ms: now() - counter.since };
  },
  status: () => ({ connected: viewers.filter((v) => v.open).length, disconnects }),
  /** The first `count` viewers stop reading (`on`) or read again. */
  stall: (args: { count: number; on: boolean }) => {
    for (const viewer of viewers.slice(0, args.count)) {
      if (args.on) viewer.pause();
      else viewer.resume();
    }
    return null;
  },
  close: () => {
    for (const viewer of viewers) viewer.close();
    const closed = viewers.length;
    viewers = [];
    versions = new Map();
    disconnects = 0;
    return { closed };
  },
});
