import { zonedInstant } from '../time.ts';

/**
 * A unit's monthly rule, in the host's wall-clock time: "the third Thursday of every month, 14:00–16:00".
 * `nth` is 1–4, or -1 for the last such weekday of the month; `weekday` is ISO (1 = Monday … 7 = Sunday).
 */
export interface MonthlyRule {
  nth: 1 | 2 | 3 | 4 | -1;
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  startTime: string;
  durationMinutes: number;
  /** Questions open this many days before the start. */
  openDaysBefore: number;
}

export interface Occurrence {
  /** `YYYY-MM`: which month's session this is, so regenerating never creates a second one. */
  key: string;
  startsAt: Date;
  endsAt: Date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday (1–7) of a calendar date; the calendar date is the same everywhere, so UTC is fine here. */
function isoWeekday(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/** The day of the month the rule falls on. */
export function ruleDay(rule: Pick<MonthlyRule, 'nth' | 'weekday'>, year: number, month: number): number {
  if (rule.nth === -1) {
    let day = daysInMonth(year, month);
    while (isoWeekday(year, month, day) !== rule.weekday) day -= 1;
    return day;
  }
  let day = 1;
  while (isoWeekday(year, month, day) !== rule.weekday) day += 1;
  return day + (rule.nth - 1) * 7;
}

export function occurrenceIn(rule: MonthlyRule, year: number, month: number): Occurrence {
  const [hour, minute] = rule.startTime.split(':').map(Number) as [number, number];
  const startsAt = zonedInstant(year, month, ruleDay(rule, year, month), hour, minute);
  return {
    key: `${year}-${String(month).padStart(2, '0')}`,
    startsAt,
    endsAt: new Date(startsAt.getTime() + rule.durationMinutes * 60_000),
  };
}

/** The occurrences of `count` consecutive months starting with the given one. */
export function occurrences(rule: MonthlyRule, from: { year: number; month: number }, count: number): Occurrence[] {
  return Array.from({ length: count }, (_, i) => {
    const index = from.month - 1 + i;
    return occurrenceIn(rule, from.year + Math.floor(index / 12), (index % 12) + 1);
  });
}

/** When questions open for a session under this rule. */
export function opensAt(startsAt: Date, openDaysBefore: number): Date {
  return new Date(startsAt.getTime() - openDaysBefore * 24 * 60 * 60 * 1000);
}
