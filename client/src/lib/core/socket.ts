import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../../../shared/errors.ts';
import type {
  ClientToServerEvents,
  CommandInput,
  CommandName,
  CommandResults,
  ServerToClientEvents,
} from '../../../../shared/events.ts';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;
/** A command whose ack is lost is sent again; every command is idempotent on the server, so a retry lands once. */
const RETRIES = 2;
let socket: AppSocket | null = null;

/**
 * The page's one socket, opened on first use. Callers must have loaded /api/me before: that response sets the
 * resident cookie the server requires at the handshake.
 */
export function getSocket(): AppSocket {
  if (!socket) {
    socket = io({ transports: ['websocket', 'polling'], retries: RETRIES, ackTimeout: ACK_TIMEOUT_MS });
    socket.on('disconnect', (reason) => {
      // The server ends a socket itself when its staff sign-in ended; come back as whoever the cookies now say.
      if (reason === 'io server disconnect') socket?.connect();
    });
  }
  return socket;
}

/** Sends a command and resolves with its ack; a missing answer becomes an `unavailable` error, never a throw. */
export async function command<N extends CommandName>(name: N, payload: CommandInput<N>): Promise<Ack<CommandResults[N]>> {
  const socket = getSocket();
  const emit = socket.emitWithAck.bind(socket) as (event: N, data: CommandInput<N>) => Promise<Ack<CommandResults[N]>>;
  try {
    return await emit(name, payload);
  } catch {
    return { ok: false, error: { code: 'unavailable', message: `no answer to ${name}` } };
  }
}
