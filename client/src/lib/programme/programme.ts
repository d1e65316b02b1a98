import type { MonthlyRuleSchema } from '../../../../shared/schemas/programme.ts';
import type { Session } from '../../../../shared/schemas/session.ts';
import { zonedYearMonth } from '../../../../shared/time.ts';
import { urlOf, type ResponseOf } from '../../../../shared/http.ts';
import type { RouteAt } from '../../../../shared/routes/index.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import type { z } from 'zod';

export type MonthlyRule = z.infer<typeof MonthlyRuleSchema>;

/** GET /api/units/:id/programme: the unit's rule, its theme plan and every announced session. */
export type ProgrammeData = ResponseOf<RouteAt<typeof PATHS.programme.page>>;
export type { Unit } from '../../../../shared/schemas/programme.ts';

export interface MonthCell {
  /** YYYY-MM */
  month: string;
  /** 1–12 and the year, for the month's name. */
  monthNumber: number;
  year: number;
  theme: string | null;
  session: Session | null;
  current: boolean;
}

export interface ProgrammeView {
  next: Session | null;
  upcoming: Session[];
  past: Session[];
  /** The months of the year ahead (this month and the eleven after it) that have a theme, in order. */
  months: MonthCell[];
  /** How many months of the year ahead have no theme yet: said once, not shown as a row of empty tiles. */
  unplannedMonths: number;
}

/** The month of an instant in Vietnam time, as YYYY-MM. */
export function monthKeyOf(at: Date): string {
  const { year, month } = zonedYearMonth(at);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** `count` month keys starting with the month of `from` (Vietnam time). */
export function monthsFrom(from: Date, count: number): string[] {
  const { year, month } = zonedYearMonth(from);
  return Array.from({ length: count }, (_, i) => {
    const index = month - 1 + i;
    return `${year + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

const byStart = (a: Session, b: Session) => Date.parse(a.startsAt) - Date.parse(b.startsAt);

/**
 * What the programme page shows: the next session (live first, else the soonest not ended), the later ones, the
 * past ones newest first, and the themes planned for the year ahead month by month (this month and the eleven after
 * it).
 */
export function programmeView(data: ProgrammeData, now: Date): ProgrammeView {
  const active = data.sessions.filter((s) => s.state !== 'ended').sort(byStart);
  const live = active.find((s) => s.state === 'live');
  const next = live ?? active[0] ?? null;
  const upcoming = active.filter((s) => s !== next);
  const past = data.sessions.filter((s) => s.state === 'ended').sort((a, b) => byStart(b, a));

  const sessionByMonth = new Map<string, Session>();
  for (const session of [...data.sessions].sort(byStart)) {
    const key = monthKeyOf(new Date(session.startsAt));
    if (!sessionByMonth.has(key)) sessionByMonth.set(key, session);
  }
  const planByMonth = new Map(data.themes.map((entry) => [entry.month, entry.theme]));
  const current = monthKeyOf(now);

  const year = monthsFrom(now, 12).map((month): MonthCell => {
    const session = sessionByMonth.get(month) ?? null;
    return {
      month,
      monthNumber: Number(month.slice(5)),
      year: Number(month.slice(0, 4)),
      theme: session?.theme ?? planByMonth.get(month) ?? null,
      session,
      current: month === current,
    };
  });
  const months = year.filter((cell) => cell.theme !== null);
  return { next, upcoming, past, months, unplannedMonths: year.length - months.length };
}

/** Where a session's link goes: its archive once it has ended, else its live page. */
export function sessionHref(session: Session): string {
  return session.state === 'ended' ? `/s/${session.id}/archive` : `/s/${session.id}`;
}

export const sessionIcsHref = (sessionId: number) => urlOf(PATHS.programme.sessionCalendar, { params: { id: sessionId } });
export const unitIcsHref = (unitId: number) => urlOf(PATHS.programme.unitCalendar, { params: { id: unitId } });

