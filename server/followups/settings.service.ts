import { AppError } from '../../shared/errors.ts';
import type { CalendarDay } from '../../shared/rules/working-days.ts';
import type { Allowances, Department } from '../../shared/schemas/followup.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../limits/rate-limiter.ts';
import { appendAudit } from '../moderation/audit.repository.ts';
import {
  allowances,
  deleteCalendarDay,
  insertDepartment,
  listCalendar,
  listDepartments,
  saveAllowances,
  upsertCalendarDay,
} from './calendar.repository.ts';

/** What follow-ups are counted against: a unit's departments and allowances, and the country's working calendar. */
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

    async calendar(year: number): Promise<CalendarDay[]> {
      return listCalendar(db, year);
    },

    /** The yearly calendar is shared by all units: the government sets it for the whole country. */
    async setCalendarDay(actor: Actor, day: CalendarDay): Promise<void> {
      authorize(actor, 'session:manage', actor.staff?.unitId ?? 0);
      await db.write(async (tx) => {
        await upsertCalendarDay(tx, day);
        await appendAudit(tx, { unitId: actor.staff!.unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'calendar.set', detail: { ...day }, at: clock() });
      });
    },

    async removeCalendarDay(actor: Actor, date: string): Promise<void> {
      authorize(actor, 'session:manage', actor.staff?.unitId ?? 0);
      await db.write(async (tx) => {
        if ((await deleteCalendarDay(tx, date)) === 0) throw new AppError('not_found', `no calendar exception on ${date}`);
        await appendAudit(tx, { unitId: actor.staff!.unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'calendar.remove', detail: { date }, at: clock() });
      });
    },
  };
}
export type FollowupSettings = ReturnType<typeof createFollowupSettings>;
