import type { CommandHandlers } from '../realtime/commands.ts';
import type { TallyCoalescer } from '../realtime/tally-coalescer.ts';
import type { VotesService } from './votes.service.ts';

export function voteHandlers(deps: { votes: VotesService; tally: TallyCoalescer }): Pick<CommandHandlers, 'vote:set'> {
  const { votes, tally } = deps;
  return {
    async 'vote:set'({ actor }, input) {
      const { result, sessionId } = await votes.setVote(actor, input);
      tally.mark(sessionId, input.questionId);
      return { result };
    },
  };
}
