import { AppError } from '../../shared/errors.ts';
import { resultsDueAt } from '../../shared/rules/notice.ts';
import type { ResultsDraftInput, ResultsDue, SessionResults, Signatory } from '../../shared/schemas/dialogue.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import {
  findResults,
  listUnpublishedResults,
  openResults,
  publishResults,
  saveResultsDraft,
  signResults,
} from './results.repository.ts';

const SIGN_PERMISSION = { secretary: 'results:sign-secretary', chair: 'results:sign-chair' } as const;

export function createResultsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /**
   * The ended session's report, opened on first use for a session that ended before reports existed (due 10 days
   * after its planned end, the best the record knows).
   */
  async function requireResults(tx: Tx, session: Session): Promise<SessionResults> {
    if (session.state !== 'ended') throw new AppError('wrong_state', 'results are reported once the session has ended');
    const found = await findResults(tx, session.id);
    if (found) return found;
    await openResults(tx, session.id, resultsDueAt(session.endsAt), clock());
    return (await findResults(tx, session.id))!;
  }

  async function change(
    actor: Actor,
    sessionId: number,
    permission: Parameters<typeof authorize>[1],
    apply: (tx: Tx, results: SessionResults, now: Date) => Promise<Record<string, unknown>>,
  ): Promise<SessionResults> {
    return db.write(async (tx) => {
      const session = await requireSession(tx, sessionId);
      const unitId = session.unitId;
      authorize(actor, permission, unitId);
      const results = await requireResults(tx, session);
      if (results.publishedAt) throw new AppError('wrong_state', 'the results were published and cannot change');
      const now = clock();
      const detail = await apply(tx, results, now);
      await appendAudit(tx, { unitId, sessionId, questionId: null, actor: actorLabel(actor), action: 'results.change', detail, at: now });
      return (await findResults(tx, sessionId))!;
    });
  }

  return {
    /** Published results are public; before that only the unit's staff see the draft. */
    async get(actor: Actor, sessionId: number): Promise<SessionResults> {
      const { session, results } = await db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        return { session, results: await requireResults(tx, session) };
      });
      if (!results.publishedAt && !can(actor, 'feed:staff', session.unitId)) {
        throw new AppError('not_found', `the results of session ${sessionId} are not published yet`);
      }
      return results;
    },

    saveDraft(actor: Actor, sessionId: number, input: ResultsDraftInput): Promise<SessionResults> {
      return change(actor, sessionId, 'results:draft', async (tx, _results, now) => {
        await saveResultsDraft(tx, sessionId, input, now);
        return { step: 'draft', groups: input.groups.length };
      });
    },

    sign(actor: Actor, sessionId: number, as: Signatory): Promise<SessionResults> {
      return change(actor, sessionId, SIGN_PERMISSION[as], async (tx, results, now) => {
        if (!results.summary.trim()) throw new AppError('wrong_state', 'write the summary before signing');
        // An inspector reads who signed by name, not by login.
        await signResults(tx, sessionId, as, actor.staff!.displayName, now);
        return { step: 'sign', as };
      });
    },

    publish(actor: Actor, sessionId: number): Promise<SessionResults> {
      return change(actor, sessionId, 'results:publish', async (tx, results, now) => {
        if (!results.secretarySignedAt || !results.chairSignedAt) {
          throw new AppError('wrong_state', 'the secretary and the chair must both sign before the results are published');
        }
        await publishResults(tx, sessionId, now);
        return { step: 'publish', late: now.toISOString() > results.dueAt };
      });
    },

    async due(actor: Actor): Promise<ResultsDue[]> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'feed:staff', unitId);
      const now = clock().toISOString();
      const rows = await db.read((tx) => listUnpublishedResults(tx, unitId));
      return rows.map((row) => ({ ...row, overdue: row.dueAt < now }));
    },
  };
}
export type ResultsService = ReturnType<typeof createResultsService>;

