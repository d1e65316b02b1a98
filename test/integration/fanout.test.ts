import { createServer, type Server as HttpServer } from 'node:http';
import { connect, type AddressInfo, type Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppServer } from '../../server/realtime/socket-types.ts';
import { createFanout, type Fanout } from '../../server/realtime/fanout.ts';
import type { Notice } from '../../server/core/notices.ts';

const ROOM = 's:1';

/** A viewer speaking the wire protocol itself, whose TCP socket can stop reading as a stalled phone's would. */
interface Viewer {
  versions: number[];
  pause(): void;
  resume(): void;
  close(): void;
}

async function connectViewer(port: number): Promise<Viewer> {
  let tcp: NetSocket | null = null;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
    createConnection: (options: unknown) => (tcp = connect(options as { port: number; host: string })),
  });
  const versions: number[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text === '2') ws.send('3');
      else if (text.startsWith('0')) ws.send('40');
      else if (text.startsWith('40')) resolve();
      else if (text.startsWith('42["votes:tallied"')) versions.push(Number(/"version":(\d+)/.exec(text)![1]));
    });
  });
  return {
    versions,
    pause: () => tcp!.pause(),
    resume: () => tcp!.resume(),
    close: () => ws.terminate(),
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function tally(version: number, questions: number): Notice {
  return {
    to: { kind: 'public', sessionId: 1 },
    event: 'votes:tallied',
    payload: { sessionId: 1, version, counts: Array.from({ length: questions }, (_, i): [number, number] => [i + 1, version * 1000 + i]) },
  };
}

describe('time-sliced fan-out', () => {
  let httpServer: HttpServer;
  let io: AppServer;
  let viewers: Viewer[] = [];

  async function start(shardSize: number, viewerCount: number): Promise<{ fanout: Fanout; port: number }> {
    httpServer = createServer();
    io = new Server(httpServer, { perMessageDeflate: false, pingInterval: 60_000, pingTimeout: 60_000 });
    const fanout = createFanout({ io, shared: false, shardSize });
    io.on('connection', (socket) => void fanout.join(socket, ROOM));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    for (let i = 0; i < viewerCount; i += 50) {
      viewers.push(...(await Promise.all(Array.from({ length: Math.min(50, viewerCount - i) }, () => connectViewer(port)))));
    }
    await until(() => io.of('/').adapter.rooms.get(ROOM)?.size === viewerCount, 'every viewer to join');
    return { fanout, port };
  }

  afterEach(async () => {
    for (const viewer of viewers) viewer.close();
    viewers = [];
    await new Promise((resolve) => io.close(resolve));
  });

  it('sends a broadcast to a large audience one shard per turn of the event loop, so a timer runs in between', async () => {
    const { fanout } = await start(10, 400);
    const order: string[] = [];
    const adapter = io.of('/').adapter;
    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet, options) => {
      order.push(`shard of ${options.rooms.size === 1 ? (adapter.rooms.get([...options.rooms][0]!)?.size ?? 0) : 'many'}`);
      broadcast(packet, options);
    };
    setTimeout(() => order.push('timer'), 0);
    // The timer is due before the broadcast starts: it runs at the next turn's timers phase, whatever the machine.
    const started = performance.now();
    while (performance.now() - started < 5);
    await fanout.publish([tally(1, 3)]);

    const shards = order.filter((entry) => entry !== 'timer');
    expect(shards).toHaveLength(40);
    expect(shards.every((entry) => entry === 'shard of 10')).toBe(true);
    const timerAt = order.indexOf('timer');
    expect(timerAt).toBeGreaterThan(0);
    expect(timerAt).toBeLessThan(order.length - 1);
    await until(() => viewers.every((v) => v.versions.includes(1)), 'every viewer to receive the tally');
  }, 60_000);

  it('lets a viewer that stops reading skip tallies instead of queueing them, and sends it the latest when it reads again', async () => {
    const { fanout } = await start(250, 2);
    const [reader, stalled] = viewers as [Viewer, Viewer];
    const serverSockets = [...io.of('/').sockets.values()];
    stalled.pause();
    const TALLIES = 300;
    // About 90 KB each: 27 MB in all, more than the loopback socket buffers hold.
    for (let version = 1; version <= TALLIES; version++) await fanout.publish([tally(version, 6000)]);

    // What the server holds for each socket: frames not yet written to the kernel.
    const held = serverSockets.map((socket) => {
      const conn = socket.conn as unknown as { writeBuffer: unknown[]; transport: { socket: { bufferedAmount: number } } };
      return { packets: conn.writeBuffer.length, bytes: conn.transport.socket.bufferedAmount };
    });
    const tallyBytes = JSON.stringify(tally(TALLIES, 6000).payload).length;
    expect(held.every((h) => h.packets === 0)).toBe(true);
    expect(Math.max(...held.map((h) => h.bytes))).toBeLessThan(2 * tallyBytes);

    await until(() => reader.versions.length === TALLIES, 'the reading viewer to receive every tally');
    expect(reader.versions).toEqual(Array.from({ length: TALLIES }, (_, i) => i + 1));

    stalled.resume();
    await until(() => stalled.versions.at(-1) === TALLIES, 'the stalled viewer to catch up with the latest tally');
    expect(stalled.versions.length).toBeLessThan(TALLIES);
  }, 120_000);
});
