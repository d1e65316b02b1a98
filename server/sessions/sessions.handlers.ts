import { can } from '../auth/policy.ts';
import type { QuestionsService } from '../questions/questions.service.ts';
import type { CommandHandlers } from '../realtime/commands.ts';
import { roomOf } from '../realtime/rooms.ts';
import type { SessionsService } from './sessions.service.ts';

export function sessionHandlers(deps: {
  sessions: SessionsService;
  questions: QuestionsService;
}): Pick<CommandHandlers, 'session:join' | 'session:leave' | 'session:transition'> {
  const { sessions, questions } = deps;
  return {
    async 'session:join'({ actor, socket }, { sessionId }) {
      const session = await sessions.get(sessionId);
      const staff = can(actor, 'feed:staff', session.unitId);
      // Join before reading the snapshot: a change committed in between then arrives as a broadcast numbered
      // after the snapshot, instead of falling in the gap between the two.
      await socket.join(roomOf(staff ? { kind: 'staff', sessionId } : { kind: 'public', sessionId }));
      return { result: await questions.snapshot(actor, sessionId) };
    },
    async 'session:leave'({ socket }, { sessionId }) {
      await socket.leave(roomOf({ kind: 'public', sessionId }));
      await socket.leave(roomOf({ kind: 'staff', sessionId }));
      return { result: null };
    },
    async 'session:transition'({ actor }, { sessionId, to }) {
      return sessions.transition(actor, sessionId, to);
    },
  };
}
