/**
 * Holds a share of the viewers: residents who joined the session and watch `votes:tallied`. Every viewer is an
 * observer: it notes when each tally version reaches it, and the coordinator later matches the votes' emit times
 * against those arrivals. It also counts the messages and bytes the server sends to its viewers.
 */
import { connectSocket, firstErrors, inBatches, residentCookie, type BenchSocket } from './clients.ts';
import { serve } from './ipc.ts';
import { addToHistogram, newHistogram, now } from './stats.ts';

let sockets: BenchSocket[] = [];
let recording = false;
/** Per tally version: its counts (identical for every viewer) and each viewer's arrival time. */
let versions = new Map<number, { counts: Array<[number, number]>; arrivals: number[] }>();
const counter = { on: false, messages: 0, bytes: 0, since: 0 };
let disconnects = 0;

function wsFrameHeader(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

function watch(socket: BenchSocket): void {
  socket.on('votes:tallied', (event) => {
    if (!recording) return;
    const t = now();
    let entry = versions.get(event.version);
    if (!entry) versions.set(event.version, (entry = { counts: event.counts, arrivals: [] }));
    entry.arrivals.push(t);
  });
  // Engine packets are what arrived on the wire: Socket.IO events and acks, each one websocket frame.
  socket.io.engine.on('packet', (packet) => {
    if (!counter.on || packet.type !== 'message') return;
    const data = packet.data;
    const payload = 1 + (typeof data === 'string' ? Buffer.byteLength(data) : data ? (data as ArrayBuffer).byteLength : 0);
    counter.messages += 1;
    counter.bytes += payload + wsFrameHeader(payload);
  });
  socket.on('disconnect', () => {
    disconnects += 1;
  });
}

async function connect(args: { url: string; count: number; sessionId: number; batch: number }) {
  const started = now();
  const results = await inBatches(args.count, args.batch, async () => {
    const { cookie } = await residentCookie(args.url);
    const socket = await connectSocket(args.url, cookie);
    const ack = (await socket.timeout(30_000).emitWithAck('session:join', { sessionId: args.sessionId })) as { ok: boolean; error?: { message: string } };
    if (!ack.ok) {
      socket.close();
      throw new Error(`session:join refused: ${ack.error?.message}`);
    }
    watch(socket);
    sockets.push(socket);
    return socket;
  });
  return {
    connected: sockets.filter((s) => s.connected).length,
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
  const viewers = sockets.length;
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
    missedDeliveries += Math.max(0, viewers - arrivals.length);
    perVoteMax[i] = worst;
  }
  return { perVoteMax, hist, deliveries, missedDeliveries, unseen, versions: versions.size };
}

serve({
  connect,
  record: (args: { on: boolean }) => {
    if (args.on) versions = new Map();
    recording = args.on;
    return { versions: versions.size };
  },
  match,
  countStart: () => {
    Object.assign(counter, { on: true, messages: 0, bytes: 0, since: now() });
    return null;
  },
  countRead: (args: { stop?: boolean } | null) => {
    if (args?.stop) counter.on = false;
    return { messages: counter.messages, bytes: counter.bytes, ms: now() - counter.since };
  },
  status: () => ({ connected: sockets.filter((s) => s.connected).length, disconnects }),
  close: () => {
    for (const socket of sockets) socket.close();
    const closed = sockets.length;
    sockets = [];
    versions = new Map();
    disconnects = 0;
    return { closed };
  },
});
