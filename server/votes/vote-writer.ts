import { AppError } from '../../shared/errors.ts';
import { acceptsVotes } from '../../shared/rules/session-state.ts';
import { isPublic, UNANSWERED_STATUSES } from '../../shared/rules/moderation.ts';
import type { VoteResult } from '../../shared/schemas/question.ts';
import type { Database, Tx } from '../core/db/database.ts';
import { applyVoteChanges, voteTargets, type VoteTarget } from './votes.repository.ts';

export interface VoteRequest {
  residentId: string;
  questionId: number;
  value: boolean;
}

export interface VoteOutcome {
  result: VoteResult;
  sessionId: number;
}

interface Pending extends VoteRequest {
  resolve: (outcome: VoteOutcome) => void;
  reject: (error: unknown) => void;
}

function refusal(target: VoteTarget | undefined, request: VoteRequest): AppError | null {
  const { questionId } = request;
  // A pending or rejected question is answered as missing, so a vote cannot probe what the public cannot see.
  if (!target || !isPublic(target.status)) return new AppError('not_found', `question ${questionId} does not exist`);
  if (!acceptsVotes(target.state)) return new AppError('wrong_state', `voting is closed: the session is ${target.state}`);
  if (!UNANSWERED_STATUSES.includes(target.status)) return new AppError('wrong_state', 'an answered question takes no more votes');
  // As in most Q&A tools, an asker's vote for their own question is not counted: it would only add one to every
  // question. Taking back a vote stays possible, so one cast before this rule can be withdrawn.
  if (request.value && target.resident_id === request.residentId) return new AppError('own_question', 'an asker cannot vote for their own question');
  return null;
}

export interface VoteWriter {
  submit(request: VoteRequest): Promise<VoteOutcome>;
}

/**
 * Writes votes in batches: every vote that arrives while the database is busy joins one job, which checks all
 * targets with one query and writes all rows with multi-row statements. A popular question's vote storm then
 * costs a handful of SQLite statements per commit instead of several per vote; each vote is still acked only
 * after the commit that holds it. `maxVotesPerJob` 1 writes each vote in its own transaction: the benchmark's
 * baseline for batching.
 */
export function createVoteWriter(db: Database, options: { maxVotesPerJob?: number } = {}): VoteWriter {
  const { maxVotesPerJob = 2000 } = options;
  let pending: Pending[] = [];
  let scheduled = false;

  async function writeBatch(tx: Tx, batch: Pending[]): Promise<Array<VoteOutcome | AppError>> {
    const ids = [...new Set(batch.map((v) => v.questionId))];
    const targets = await voteTargets(tx, ids);
    // The last request of a resident for a question wins: requests name the wanted state, not a toggle.
    const wanted = new Map<string, VoteRequest>();
    const refusals = new Map<Pending, AppError>();
    for (const item of batch) {
      const error = refusal(targets.get(item.questionId), item);
      if (error) refusals.set(item, error);
      else wanted.set(`${item.questionId}|${item.residentId}`, item);
    }
    const counts = await applyVoteChanges(tx, [...wanted.values()]);
    return batch.map(
      (item) =>
        refusals.get(item) ?? {
          result: { questionId: item.questionId, value: item.value, votes: counts.get(item.questionId) ?? 0 },
          sessionId: targets.get(item.questionId)!.session_id,
        },
    );
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    let batch: Pending[] = [];
    db.write((tx) => {
      // Everything that queued up while earlier commits ran goes into this one job.
      scheduled = false;
      batch = pending.slice(0, maxVotesPerJob);
      pending = pending.slice(batch.length);
      if (pending.length > 0) schedule();
      return writeBatch(tx, batch);
    }).then(
      (outcomes) =>
        outcomes.forEach((outcome, i) => {
          if (outcome instanceof AppError) batch[i]!.reject(outcome);
          else batch[i]!.resolve(outcome);
        }),
      (error: unknown) => {
        // Rolled back as a whole. If the job never started, the votes still waiting were counting on it.
        const stranded = batch.length > 0 ? batch : pending.splice(0);
        if (batch.length === 0) scheduled = false;
        for (const item of stranded) item.reject(error);
      },
    );
  }

  return {
    submit(request: VoteRequest): Promise<VoteOutcome> {
      return new Promise((resolve, reject) => {
        pending.push({ ...request, resolve, reject });
        schedule();
      });
    },
  };
}
