import type { ServerToClientEvents } from '../../shared/events.ts';

/** Who a broadcast is for: everybody watching a session, its staff, or one resident's browsers. */
export type Audience =
  | { kind: 'public'; sessionId: number }
  | { kind: 'staff'; sessionId: number }
  | { kind: 'resident'; residentId: string };

/**
 * A broadcast that a domain write produced. Services return notices instead of emitting, so nothing is sent
 * before the write is committed and the domain stays free of Socket.IO.
 */
export type Notice = {
  [E in keyof ServerToClientEvents]: { to: Audience; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

export interface WriteResult<T> {
  result: T;
  notices: Notice[];
}
