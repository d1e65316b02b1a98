import { AppError } from '../../shared/errors.ts';
import { acceptsVotes } from '../../shared/rules/session-state.ts';
import type { QuestionStatus, VoteResult, VoteSetInput } from '../../shared/schemas/question.ts';
import type { SessionState } from '../../shared/schemas/session.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import type { Notice } from '../realtime/notices.ts';
import { bumpVersions } from '../sessions/sessions.repository.ts';
import { setVoteRow, voteCounts } from './votes.repository.ts';

const VOTABLE: readonly QuestionStatus[] = ['approved', 'on_stage'];

export function createVotesService(deps: { db: Database; voteLimiter: RateLimiter }) {
  const { db, voteLimiter } = deps;

  return {
    /**
     * Sets a resident's vote on a question to the value they asked for. The command names the wanted state rather
     * than "toggle", so a repeated or replayed event changes nothing.
     */
    async setVote(actor: Actor, input: VoteSetInput): Promise<{ result: VoteResult; sessionId: number }> {
      const wait = voteLimiter.take(actor.residentId);
      if (wait !== null) throw new AppError('rate_limited', `too many votes; try again in ${wait} s`, { retryAfter: wait });
      return db.write(async (tx) => {
        const target = await tx.get<{ session_id: number; status: QuestionStatus; state: SessionState }>(
          `SELECT q.session_id, q.status, s.state FROM questions q JOIN sessions s ON s.id = q.session_id WHERE q.id = ?`,
          [input.questionId],
        );
        if (!target || !['approved', 'on_stage', 'answered'].includes(target.status)) {
          throw new AppError('not_found', `question ${input.questionId} does not exist`);
        }
        if (!acceptsVotes(target.state)) throw new AppError('wrong_state', `voting is closed: the session is ${target.state}`);
        if (!VOTABLE.includes(target.status)) throw new AppError('wrong_state', 'an answered question takes no more votes');
        const votes = await setVoteRow(tx, input.questionId, actor.residentId, input.value);
        return { result: { questionId: input.questionId, value: input.value, votes }, sessionId: target.session_id };
      });
    },

    /** One numbered message with the current counts of the questions whose votes changed since the last one. */
    async tally(sessionId: number, questionIds: readonly number[]): Promise<Notice[]> {
      return db.write(async (tx) => {
        const counts = await voteCounts(tx, questionIds);
        const versions = await bumpVersions(tx, sessionId, { public: true });
        return [
          { to: { kind: 'public', sessionId }, event: 'votes:tallied', payload: { sessionId, version: versions.public, counts } },
          { to: { kind: 'staff', sessionId }, event: 'votes:tallied', payload: { sessionId, version: versions.staff, counts } },
        ];
      });
    },
  };
}
export type VotesService = ReturnType<typeof createVotesService>;
