import { CALENDAR_YEARS, statutoryHolidays, type CalendarDay, type DayKind } from '../../shared/rules/working-days.ts';
import type { Allowances, Department, Urgency } from '../../shared/schemas/followup.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export const DEFAULT_ALLOWANCES: Allowances = { urgent: 3, normal: 10, complex: 20 };

/** A unit's working calendar (two parameters, the unit twice): the national days, each overridden by the unit's own. */
const UNIT_CALENDAR = `
  SELECT date, kind, name FROM unit_calendar_days WHERE unit_id = ?
  UNION ALL
  SELECT date, kind, name FROM calendar_days c
  WHERE NOT EXISTS (SELECT 1 FROM unit_calendar_days u WHERE u.unit_id = ? AND u.date = c.date)`;

export async function calendarExceptions(q: Queryable, unitId: number): Promise<Map<string, DayKind>> {
  const rows = await q.all<{ date: string; kind: DayKind }>(`SELECT date, kind FROM (${UNIT_CALENDAR})`, [unitId, unitId]);
  return new Map(rows.map((r) => [r.date, r.kind]));
}

/** The national calendar alone for a null unit (a visitor who is not staff). */
export async function listCalendar(q: Queryable, year: number, unitId: number | null): Promise<CalendarDay[]> {
  const unit = unitId ?? 0;
  return q.all(`SELECT date, kind, name FROM (${UNIT_CALENDAR}) WHERE date >= ? AND date < ? ORDER BY date`, [unit, unit, `${year}-01-01`, `${year + 1}-01-01`]);
}

export async function upsertCalendarDay(tx: Tx, unitId: number, day: CalendarDay): Promise<void> {
  await tx.run(
    `INSERT INTO unit_calendar_days (unit_id, date, kind, name) VALUES (?, ?, ?, ?)
     ON CONFLICT (unit_id, date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
    [unitId, day.date, day.kind, day.name],
  );
}

export async function deleteCalendarDay(tx: Tx, unitId: number, date: string): Promise<number> {
  return (await tx.run('DELETE FROM unit_calendar_days WHERE unit_id = ? AND date = ?', [unitId, date])).changes;
}

/** Fills in the statutory holidays of each year of CALENDAR_YEARS, unless that year was already set. */
export async function ensureCalendar(tx: Tx): Promise<void> {
  for (let year = CALENDAR_YEARS.first; year <= CALENDAR_YEARS.last; year += 1) {
    const known = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM calendar_days WHERE date >= ? AND date < ?', [`${year}-01-01`, `${year + 1}-01-01`]);
    if (known!.n > 0) continue;
    for (const day of statutoryHolidays(year)) {
      await tx.run('INSERT OR IGNORE INTO calendar_days (date, kind, name) VALUES (?, ?, ?)', [day.date, day.kind, day.name]);
    }
  }
}

export async function listDepartments(q: Queryable, unitId: number): Promise<Department[]> {
  return q.all('SELECT id, name FROM departments WHERE unit_id = ? ORDER BY name', [unitId]);
}

export async function findDepartment(q: Queryable, id: number): Promise<(Department & { unitId: number }) | undefined> {
  return q.get('SELECT id, name, unit_id AS unitId FROM departments WHERE id = ?', [id]);
}

export async function insertDepartment(tx: Tx, unitId: number, name: string): Promise<Department> {
  return (await tx.get<Department>('INSERT INTO departments (unit_id, name) VALUES (?, ?) RETURNING id, name', [unitId, name]))!;
}

export async function allowances(q: Queryable, unitId: number): Promise<Allowances> {
  const rows = await q.all<{ urgency: Urgency; working_days: number }>('SELECT urgency, working_days FROM urgency_allowances WHERE unit_id = ?', [unitId]);
  return { ...DEFAULT_ALLOWANCES, ...Object.fromEntries(rows.map((r) => [r.urgency, r.working_days])) };
}

export async function saveAllowances(tx: Tx, unitId: number, values: Allowances): Promise<void> {
  for (const [urgency, days] of Object.entries(values)) {
    await tx.run(
      `INSERT INTO urgency_allowances (unit_id, urgency, working_days) VALUES (?, ?, ?)
       ON CONFLICT (unit_id, urgency) DO UPDATE SET working_days = excluded.working_days`,
      [unitId, urgency, days],
    );
  }
}
