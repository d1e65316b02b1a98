import type { Allowances } from '../../shared/schemas/followup.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import { allowances, saveAllowances } from './allowances.repository.ts';

/** The working days a written answer is given by urgency, per unit: the rule a follow-up's due day follows. */
export function createAllowancesService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  return {
    async get(unitId: number): Promise<Allowances> {
      return allowances(db, unitId);
    },

    async set(actor: Actor, values: Allowances): Promise<Allowances> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      await db.write(async (tx) => {
        await saveAllowances(tx, unitId, values);
        await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'followup.allowances', detail: { ...values }, at: clock() });
      });
      return allowances(db, unitId);
    },
  };
}
export type AllowancesService = ReturnType<typeof createAllowancesService>;
