import { can } from '../auth/policy.ts';
import type { CommandHandlers } from '../realtime/commands.ts';
import type { TallyCoalescer } from '../realtime/tally-coalescer.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { PollsService } from './polls.service.ts';

export function pollHandlers(deps: {
  polls: PollsService;
  sessions: SessionsService;
  tally: TallyCoalescer;
}): Pick<CommandHandlers, 'poll:list' | 'poll:create' | 'poll:open' | 'poll:close' | 'poll:vote'> {
  const { polls, sessions, tally } = deps;
  return {
    async 'poll:list'({ actor }, { sessionId }) {
      const session = await sessions.get(sessionId);
      return { result: await polls.list(actor, sessionId, can(actor, 'feed:staff', session.unitId)) };
    },
    'poll:create': ({ actor }, input) => polls.create(actor, input),
    'poll:open': ({ actor }, { pollId }) => polls.open(actor, pollId),
    'poll:close': ({ actor }, { pollId }) => polls.close(actor, pollId),
    async 'poll:vote'({ actor }, input) {
      const { sessionId, optionIds } = await polls.vote(actor, input);
      tally.mark(sessionId, input.pollId);
      return { result: { pollId: input.pollId, optionIds } };
    },
  };
}
