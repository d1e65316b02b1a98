import { CALENDAR_YEARS, statutoryHolidays, type CalendarDay, type DayKind } from '../../shared/rules/working-days.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

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
