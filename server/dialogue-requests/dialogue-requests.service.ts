import { AppError } from '../../shared/errors.ts';
import { backersNeeded } from '../../shared/rules/dialogue.ts';
import type { DialogueRequest, DialogueRequestDecision, DialogueRequestInput, DialogueRequestList } from '../../shared/schemas/dialogue.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import { findSession } from '../sessions/sessions.repository.ts';
import { findUnit, findVoterCount, setVoterCount } from '../units/units.repository.ts';
import {
  addBacker,
  countRequestsStartedBy,
  decideDialogueRequest,
  findDialogueRequest,
  insertDialogueRequest,
  listDialogueRequests,
} from './dialogue-requests.repository.ts';

/** One browser starts at most this many requests a month: backing someone else's is how support is shown. */
export const REQUESTS_PER_RESIDENT_PER_30_DAYS = 3;

export function createDialogueRequestsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function requireRequest(tx: Tx, id: number, residentId: string): Promise<DialogueRequest> {
    const found = await findDialogueRequest(tx, id, residentId);
    if (!found) throw new AppError('not_found', `dialogue request ${id} does not exist`);
    return found;
  }

  async function requireUnit(tx: Pick<Tx, 'get' | 'all'>, unitId: number): Promise<void> {
    if (!(await findUnit(tx, unitId))) throw new AppError('not_found', `unit ${unitId} does not exist`);
  }

  return {
    async list(actor: Actor, unitId: number): Promise<DialogueRequestList> {
      return db.read(async (tx) => {
        await requireUnit(tx, unitId);
        const voterCount = await findVoterCount(tx, unitId);
        return { voterCount, threshold: backersNeeded(voterCount), requests: await listDialogueRequests(tx, unitId, actor.residentId) };
      });
    },

    /** A resident starts a request and backs it at once. */
    async create(actor: Actor, unitId: number, input: DialogueRequestInput): Promise<DialogueRequest> {
      return db.write(async (tx) => {
        await requireUnit(tx, unitId);
        const now = clock();
        const started = await countRequestsStartedBy(tx, actor.residentId, new Date(now.getTime() - 30 * 86_400_000));
        if (started >= REQUESTS_PER_RESIDENT_PER_30_DAYS) {
          throw new AppError('rate_limited', `one browser may start ${REQUESTS_PER_RESIDENT_PER_30_DAYS} requests in 30 days; back an existing one instead`);
        }
        const id = await insertDialogueRequest(tx, unitId, input, actor.residentId, now);
        await addBacker(tx, id, actor.residentId, now);
        return requireRequest(tx, id, actor.residentId);
      });
    },

    async back(actor: Actor, id: number): Promise<DialogueRequest> {
      return db.write(async (tx) => {
        const request = await requireRequest(tx, id, actor.residentId);
        if (request.status !== 'open') throw new AppError('wrong_state', 'this request has been decided and takes no more backing');
        await addBacker(tx, id, actor.residentId, clock());
        return requireRequest(tx, id, actor.residentId);
      });
    },

    async decide(actor: Actor, id: number, decision: DialogueRequestDecision): Promise<DialogueRequest> {
      return db.write(async (tx) => {
        const request = await requireRequest(tx, id, actor.residentId);
        authorize(actor, 'dialogue:manage', request.unitId);
        if (request.status !== 'open') throw new AppError('conflict', 'this request was decided already');
        if (decision.sessionId !== null) {
          const session = await findSession(tx, decision.sessionId);
          if (!session || session.unitId !== request.unitId) throw new AppError('bad_request', 'sessionId: not a session of this unit');
        }
        const now = clock();
        await decideDialogueRequest(tx, id, decision, now);
        await appendAudit(tx, {
          unitId: request.unitId,
          sessionId: decision.sessionId,
          questionId: null,
          actor: actorLabel(actor),
          action: 'dialogue_request.decide',
          detail: { requestId: id, status: decision.status, backers: request.backers },
          at: now,
        });
        return requireRequest(tx, id, actor.residentId);
      });
    },

    async setVoterCount(actor: Actor, voterCount: number): Promise<{ voterCount: number; threshold: number }> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'dialogue:manage', unitId);
      await db.write((tx) => setVoterCount(tx, unitId, voterCount));
      return { voterCount, threshold: backersNeeded(voterCount)! };
    },
  };
}
export type DialogueRequestsService = ReturnType<typeof createDialogueRequestsService>;
