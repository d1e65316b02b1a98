/**
 * The stack's own ceiling: Socket.IO on Node's HTTP server with the platform's transport options and no
 * application logic. It speaks just enough of the wire contract for the same load workers to drive it: a cookie
 * from GET /api/me, `session:join` into one room, `vote:set` acked at once against an in-memory count, and the
 * same coalesced `votes:tallied` broadcast at most every 250 ms.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { startCpuProfile, stopCpuProfile } from './cpu-profile.ts';
import { serve } from './ipc.ts';
import { createProbe } from './probe.ts';

const TALLY_INTERVAL_MS = 250;
const SESSION_ID = 1;

const httpServer = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/me') {
    res.setHeader('set-cookie', `td_rid=${randomBytes(18).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`);
    res.setHeader('content-type', 'application/json');
    res.end('{"residentTag":"bare","staff":null}');
    return;
  }
  res.statusCode = 404;
  res.end();
});

const io = new Server(httpServer, {
  serveClient: false,
  maxHttpBufferSize: 16 * 1024,
  perMessageDeflate: false,
  transports: ['websocket', 'polling'],
});

const counts = new Map<number, number>();
const dirty = new Set<number>();
let version = 0;
let timer: NodeJS.Timeout | null = null;

function flush(): void {
  timer = null;
  version += 1;
  const changed = [...dirty].sort((a, b) => a - b).map((id) => [id, counts.get(id) ?? 0]);
  dirty.clear();
  io.to(`s:${SESSION_ID}`).emit('votes:tallied', { sessionId: SESSION_ID, version, counts: changed });
}

io.on('connection', (socket) => {
  socket.on('session:join', (payload: { sessionId: number }, ack: (r: unknown) => void) => {
    void socket.join(`s:${payload.sessionId}`);
    ack({ ok: true, data: { view: 'public', version, questions: [], mine: [], myVotes: [] } });
  });
  socket.on('vote:set', (payload: { questionId: number; value: boolean }, ack: (r: unknown) => void) => {
    const votes = Math.max(0, (counts.get(payload.questionId) ?? 0) + (payload.value ? 1 : -1));
    counts.set(payload.questionId, votes);
    dirty.add(payload.questionId);
    timer ??= setTimeout(flush, TALLY_INTERVAL_MS);
    ack({ ok: true, data: { questionId: payload.questionId, value: payload.value, votes } });
  });
});

await new Promise<void>((resolve, reject) => {
  httpServer.once('error', reject);
  httpServer.listen(0, '127.0.0.1', resolve);
});
const probe = createProbe(() => io.engine.clientsCount);

serve(
  {
    reset: () => probe.reset(),
    stats: (args: { gc?: boolean } | null) => probe.stats(args),
    profileStart: startCpuProfile,
    profileStop: stopCpuProfile,
    stop: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      setTimeout(() => process.exit(0), 50);
      return null;
    },
  },
  { port: (httpServer.address() as AddressInfo).port, adminPassword: '', sessionId: SESSION_ID, pid: process.pid },
);
