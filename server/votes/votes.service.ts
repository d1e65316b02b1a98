import type { VoteResult, VoteSetInput } from '../../shared/schemas/question.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../core/db/database.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { Notice } from '../core/notices.ts';
import { numberTally } from '../sessions/sessions.repository.ts';
import type { VoteWriter } from './vote-writer.ts';

export function createVotesService(deps: { db: Database; writer: VoteWriter; voteLimit: ActorLimiter }) {
  const { db, writer, voteLimit } = deps;

  return {
    /**
     * Sets a resident's vote on a question to the value they asked for. The command names the wanted state rather
     * than "toggle", so a repeated or replayed event changes nothing.
     */
    async setVote(actor: Actor, input: VoteSetInput): Promise<{ result: VoteResult; sessionId: number }> {
      voteLimit.check(actor);
      return writer.submit({ residentId: actor.residentId, questionId: input.questionId, value: input.value });
    },

    /** One numbered message with the current counts of the questions whose votes changed since the last one. */
    async tally(sessionId: number, questionIds: readonly number[]): Promise<Notice[]> {
      const { versions, counts } = await numberTally(db, sessionId, questionIds);
      return [
        { to: { kind: 'public', sessionId }, event: 'votes:tallied', payload: { sessionId, version: versions.public, counts } },
        { to: { kind: 'staff', sessionId }, event: 'votes:tallied', payload: { sessionId, version: versions.staff, counts } },
      ];
    },
  };
}
export type VotesService = ReturnType<typeof createVotesService>;
