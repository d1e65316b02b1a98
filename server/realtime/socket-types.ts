import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import type { Actor } from '../auth/actor.ts';
import type { Notice } from '../core/notices.ts';

export interface SocketData {
  actor: Actor;
  loginTokenHash: string | null;
}
/** What server processes send each other: a session's broadcasts, for each process to fan out to its sockets. */
export interface ServerSideEvents {
  fanout: (notices: Notice[]) => void;
}
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
