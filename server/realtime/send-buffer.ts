import type { AppServer, AppSocket } from './socket-types.ts';

/** What the server keeps for one socket that its client has not read yet; a page needs a small fraction of it. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

// engine.io keeps these private; they are where an unread socket's memory is.
interface EngineInternals {
  writeBuffer: Array<{ data?: unknown }>;
  transport: { name: string; socket?: { bufferedAmount: number; terminate(): void } };
  close(discard: boolean): void;
}

/**
 * Bytes waiting for one client: packets engine.io holds while its transport is busy (a polling client that never
 * polls keeps them all) plus what the WebSocket has queued above the kernel (a client that never reads).
 */
export function bufferedBytes(socket: AppSocket): number {
  const conn = socket.conn as unknown as EngineInternals;
  let bytes = conn.transport.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
  for (const packet of conn.writeBuffer) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  }
  return bytes;
}

/**
 * Ends a connection now, dropping what it buffered. `socket.disconnect(true)` is not enough: engine.io waits for
 * the buffer to drain before closing, and a client that never reads never drains it; the WebSocket's closing
 * handshake waits behind the same buffer, so it is terminated. The page reconnects and joins again.
 */
export function cutConnection(socket: AppSocket): void {
  const conn = socket.conn as unknown as EngineInternals;
  const transport = conn.transport;
  conn.close(true);
  if (transport.name === 'websocket') transport.socket?.terminate();
}

/**
 * Caps each socket's unread buffer: checked on every incoming packet (commands are what a client can make grow)
 * and by a sweep, for broadcasts piling up on a socket that sends nothing.
 */
export function createSendBufferGuard(options: { io: AppServer; maxBytes: number; sweepMs: number }) {
  const { io, maxBytes, sweepMs } = options;
  function enforce(socket: AppSocket): boolean {
    if (bufferedBytes(socket) <= maxBytes) return true;
    cutConnection(socket);
    return false;
  }
  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) enforce(socket);
  }, sweepMs);
  timer.unref();
  return {
    /** False when the socket was over the cap and has been cut. */
    enforce,
    stop(): void {
      clearInterval(timer);
    },
  };
}
export type SendBufferGuard = ReturnType<typeof createSendBufferGuard>;
