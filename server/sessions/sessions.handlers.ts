import type { Snapshot } from '../../shared/events.ts';
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/policy.ts';
import type { CommandHandlers } from '../realtime/commands.ts';
import type { Fanout } from '../realtime/fanout.ts';
import { roomOf } from '../realtime/rooms.ts';
import type { SessionsService } from './sessions.service.ts';

export function sessionHandlers(deps: {
  sessions: SessionsService;
  /** The question feed, which sits above sessions: joining a session answers with its snapshot. */
  questions: { snapshot(actor: Actor, sessionId: number): Promise<Snapshot> };
  fanout: Fanout;
}): Pick<CommandHandlers, 'session:join' | 'session:leave' | 'session:transition'> {
  const { sessions, questions, fanout } = deps;
  return {
    async 'session:join'({ actor, socket }, { sessionId }) {
      // Only staff can see more than the public feed, so a resident's join reads nothing before the snapshot.
      const staff = actor.staff !== null && can(actor, 'feed:staff', (await sessions.get(sessionId)).unitId);
      const room = roomOf(staff ? { kind: 'staff', sessionId } : { kind: 'public', sessionId });
      // Join before reading the snapshot: a change committed in between then arrives as a broadcast numbered
      // after the snapshot, instead of falling in the gap between the two.
      await fanout.join(socket, room);
      try {
        return { result: await questions.snapshot(actor, sessionId) };
      } catch (error) {
        await fanout.leave(socket, room);
        throw error;
      }
    },
    async 'session:leave'({ socket }, { sessionId }) {
      await fanout.leave(socket, roomOf({ kind: 'public', sessionId }));
      await fanout.leave(socket, roomOf({ kind: 'staff', sessionId }));
      return { result: null };
    },
    async 'session:transition'({ actor }, { sessionId, to }) {
      return sessions.transition(actor, sessionId, to);
    },
  };
}
