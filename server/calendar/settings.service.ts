import { AppError } from '../../shared/errors.ts';
import type { CalendarDay } from '../../shared/rules/working-days.ts';
import type { Allowances, Department } from '../../shared/schemas/followup.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import {
  allowances,
  deleteCalendarDay,
  insertDepartment,
  listCalendar,
  listDepartments,
  saveAllowances,
  upsertCalendarDay,
} from './calendar.repository.ts';

/** What follow-ups are counted against: a unit's departments, allowances and working calendar. */
export function createFollowupSettings(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  return {
    async departments(unitId: number): Promise<Department[]> {
      return listDepartments(db, unitId);
    },

    async addDepartment(actor: Actor, name: string): Promise<Department> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      return db.write(async (tx) => {
        if ((await listDepartments(tx, unitId)).some((d) => d.name === name)) throw new AppError('conflict', `department ${name} exists`);
        return insertDepartment(tx, unitId, name);
      });
    },

    async allowances(unitId: number): Promise<Allowances> {
      return allowances(db, unitId);
    },

    async setAllowances(actor: Actor, values: Allowances): Promise<Allowances> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      await db.write(async (tx) => {
        await saveAllowances(tx, unitId, values);
        await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'followup.allowances', detail: { ...values }, at: clock() });
      });
      return allowances(db, unitId);
    },

    async calendar(year: number, unitId: number | null): Promise<CalendarDay[]> {
      return listCalendar(db, year, unitId);
    },

    /**
     * The statutory holidays are the country's and common to all units; a unit's administrator changes days for
     * that unit only (a local day off, a swapped Saturday), and another unit's calendar never moves.
     */
    async setCalendarDay(actor: Actor, day: CalendarDay): Promise<void> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      await db.write(async (tx) => {
        await upsertCalendarDay(tx, unitId, day);
        await appendAudit(tx, { unitId: actor.staff!.unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'calendar.set', detail: { ...day }, at: clock() });
      });
    },

    async removeCalendarDay(actor: Actor, date: string): Promise<void> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      await db.write(async (tx) => {
        if ((await deleteCalendarDay(tx, unitId, date)) === 0) {
          throw new AppError('not_found', `no change of this unit's calendar on ${date} (a national holiday is changed by marking the day a working day)`);
        }
        await appendAudit(tx, { unitId: actor.staff!.unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'calendar.remove', detail: { date }, at: clock() });
      });
    },
  };
}
export type FollowupSettings = ReturnType<typeof createFollowupSettings>;
