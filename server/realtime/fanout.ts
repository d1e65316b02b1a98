import type { AppServer, AppSocket } from './socket-types.ts';
import type { Notice } from '../core/notices.ts';
import { roomOf } from './rooms.ts';

/** Sockets per shard: one shard's sending takes a few milliseconds, so the event loop is never held longer. */
export const SHARD_SIZE = 250;

/** The event between processes that carries a session's broadcasts; every process fans out to its own sockets. */
export const FANOUT_EVENT = 'fanout';

export interface Fanout {
  /** Puts the socket in a session's room and in one of that room's shards in this process. */
  join(socket: AppSocket, room: string): Promise<void>;
  leave(socket: AppSocket, room: string): Promise<void>;
  /**
   * Sends each notice to its audience; a session's audiences get theirs shard by shard, in order. Resolves once
   * this process's sockets have been sent them.
   */
  publish(notices: Notice[]): Promise<void>;
  /** Resolves once every broadcast queued so far has gone out. */
  idle(): Promise<void>;
}

interface Job {
  room: string;
  event: string;
  payload: unknown;
  shards: string[] | null;
  next: number;
  done?: () => void;
}

/**
 * Time-sliced fan-out. A session's audience is spread over shard rooms of at most `shardSize` sockets in each
 * process, and a broadcast goes out one shard per macrotask (`setImmediate`): sending one message to 10,000 sockets
 * in one go held the event loop for hundreds of milliseconds, and every ack and vote batch waited behind it. Each
 * shard is one Socket.IO broadcast, so the message is encoded once per shard and the adapter's connection state
 * recovery still sees every broadcast. One queue keeps every audience's messages in the order they were published,
 * so slicing never delivers a feed's versions out of order.
 *
 * A viewer that stops reading skips vote tallies instead of queueing them: a tally is only the latest counts, and
 * a socket whose previous frame has not yet left this process (its buffers are full) gets no new one. When it reads
 * again it is sent the latest tally of each room it missed one in; if that leaves a gap in its feed's versions, the
 * client resyncs with a fresh snapshot.
 *
 * With several processes (`shared`), a session's notices reach the other processes as one server-side message
 * each, and every process slices its own sockets; Socket.IO's adapter would otherwise deliver a broadcast to all of
 * a process's sockets in one go.
 */
export function createFanout(options: { io: AppServer; shared: boolean; shardSize?: number }): Fanout {
  const { io, shared, shardSize = SHARD_SIZE } = options;
  const adapter = io.of('/').adapter;
  const rooms = adapter.rooms;
  /**
   * Each room's shards in this process, as the adapter creates and deletes them: a connection recovered after a
   * drop gets its shard back from the adapter, not through `join`.
   */
  const shardsByRoom = new Map<string, Set<string>>();
  /** The last tally each room was sent: what a viewer that skipped some gets once it reads again. */
  const latestTally = new Map<string, { event: string; payload: unknown }>();
  /** Sockets that skipped a tally, with the rooms they skipped it in, until their transport drains. */
  const behind = new WeakMap<AppSocket, Set<string>>();
  const queue: Job[] = [];
  let waiting: Array<() => void> = [];
  let scheduled = false;

  const SHARD = /^(.*)#\d+$/;
  adapter.on('create-room', (name: string) => {
    const room = SHARD.exec(name)?.[1];
    if (!room) return;
    let shards = shardsByRoom.get(room);
    if (!shards) shardsByRoom.set(room, (shards = new Set()));
    shards.add(name);
  });
  adapter.on('delete-room', (name: string) => {
    const room = SHARD.exec(name)?.[1];
    const shards = room === undefined ? undefined : shardsByRoom.get(room);
    if (!shards) return;
    shards.delete(name);
    if (shards.size === 0) shardsByRoom.delete(room!);
  });

  /** A shard of the room with room to spare, or a new one. */
  function shardFor(room: string): string {
    const shards = shardsByRoom.get(room);
    for (const shard of shards ?? []) if ((rooms.get(shard)?.size ?? 0) < shardSize) return shard;
    for (let index = 0; ; index++) if (!shards?.has(`${room}#${index}`)) return `${room}#${index}`;
  }

  function isSkippable(event: string): boolean {
    return event === 'votes:tallied';
  }

  /** The socket's last frame is still in this process: its network buffers are full. */
  function isBackedUp(socket: AppSocket): boolean {
    const transport = socket.conn.transport;
    return transport.name === 'websocket' && !transport.writable;
  }

  function catchUpLater(socket: AppSocket, room: string): void {
    const missed = behind.get(socket);
    if (missed) {
      missed.add(room);
      return;
    }
    behind.set(socket, new Set([room]));
    socket.conn.transport.once('ready', () => {
      const rooms = behind.get(socket);
      behind.delete(socket);
      if (!rooms || !socket.connected) return;
      for (const room of rooms) {
        const latest = latestTally.get(room);
        if (latest && socket.rooms.has(room)) (socket.emit as (event: string, payload: unknown) => void)(latest.event, latest.payload);
      }
    });
  }

  function sendShard(job: Job, shard: string): void {
    const target = io.local.to(shard);
    const members = isSkippable(job.event) ? rooms.get(shard) : undefined;
    const skipped: string[] = [];
    if (members) {
      const sockets = io.of('/').sockets;
      for (const id of members) {
        const socket = sockets.get(id);
        if (socket && isBackedUp(socket)) {
          skipped.push(id);
          catchUpLater(socket, job.room);
        }
      }
    }
    (target.except(skipped).emit as (event: string, payload: unknown) => void)(job.event, job.payload);
  }

  function step(): void {
    scheduled = false;
    const job = queue[0];
    if (job) {
      if (!job.shards) {
        job.shards = [...(shardsByRoom.get(job.room) ?? [])];
        if (isSkippable(job.event)) latestTally.set(job.room, { event: job.event, payload: job.payload });
      }
      const shard = job.shards[job.next++];
      if (shard) sendShard(job, shard);
      if (job.next >= job.shards.length) {
        queue.shift();
        job.done?.();
      }
    }
    if (queue.length > 0) schedule();
    else {
      const done = waiting;
      waiting = [];
      for (const resolve of done) resolve();
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(step);
  }

  function enqueue(notices: Notice[]): Promise<void> {
    return new Promise((resolve) => {
      notices.forEach((notice, i) => {
        const job: Job = { room: roomOf(notice.to), event: notice.event, payload: notice.payload, shards: null, next: 0 };
        if (i === notices.length - 1) job.done = resolve;
        queue.push(job);
      });
      schedule();
    });
  }

  if (shared) io.on(FANOUT_EVENT, (notices) => void enqueue(notices));

  return {
    async join(socket, room) {
      await socket.join(room);
      if (![...socket.rooms].some((joined) => joined.startsWith(`${room}#`))) await socket.join(shardFor(room));
    },
    async leave(socket, room) {
      for (const joined of [...socket.rooms]) if (joined.startsWith(`${room}#`)) await socket.leave(joined);
      await socket.leave(room);
    },
    publish(notices) {
      const sessionWide: Notice[] = [];
      for (const notice of notices) {
        if (notice.to.kind === 'resident') (io.to(roomOf(notice.to)).emit as (event: string, payload: unknown) => void)(notice.event, notice.payload);
        else sessionWide.push(notice);
      }
      if (sessionWide.length === 0) return Promise.resolve();
      if (shared) io.serverSideEmit(FANOUT_EVENT, sessionWide);
      return enqueue(sessionWide);
    },
    idle() {
      if (queue.length === 0 && !scheduled) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
