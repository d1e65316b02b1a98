/**
 * Working days in Vietnam, counted on the calendar of Asia/Ho_Chi_Minh. Dates are `YYYY-MM-DD` strings: a due
 * date is a day on the wall calendar of the office, not an instant.
 */

import { hungKingsDay, tetDay } from './lunar-calendar.ts';

export type DayKind = 'holiday' | 'working';

/** The exceptions to "Monday to Friday": days off on a weekday, and weekend days worked in a swap. */
export interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string;
}

const DAY_MS = 86_400_000;

export function toDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return toDay(new Date(toDate(day).getTime() + n * DAY_MS));
}

function isWeekend(day: string): boolean {
  const weekday = toDate(day).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The calendar day in Hanoi of an instant. */
export function hanoiDay(at: Date): string {
  return toDay(new Date(at.getTime() + 7 * 60 * 60 * 1000));
}

export function isWorkingDay(day: string, exceptions: ReadonlyMap<string, DayKind>): boolean {
  const exception = exceptions.get(day);
  if (exception) return exception === 'working';
  return !isWeekend(day);
}

/** The day `n` working days after `from` (the day of receipt does not count), e.g. 5 working days to answer. */
export function addWorkingDays(from: string, n: number, exceptions: ReadonlyMap<string, DayKind>): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, exceptions)) left -= 1;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, exceptions: ReadonlyMap<string, DayKind>): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, exceptions)) count += 1;
  return count;
}

/** The two lunar holidays of a Gregorian year: the first day of Tết and the Hùng Kings' day. */
export interface LunarDates {
  tet: string;
  hungKings: string;
}

/** The years whose holidays are filled into a new calendar; any other year's can still be computed. */
export const CALENDAR_YEARS = { first: 2025, last: 2045 } as const;

/** Computed on Vietnam's own lunar calendar (UTC+7), which in some years differs from China's (2030: 2 February). */
export function lunarDates(year: number): LunarDates {
  return { tet: tetDay(year), hungKings: hungKingsDay(year) };
}

/**
 * The Labour Code's eleven public holidays of a year (New Year; five days of Tết, from the last day of the old
 * lunar year; the Hùng Kings' day; 30/4; 1/5; 2/9 and the day after), with each holiday that falls on a weekend
 * moved to the next working day. The government's yearly swaps are added by hand on top.
 */
export function statutoryHolidays(year: number, lunar: LunarDates = lunarDates(year)): CalendarDay[] {
  const days: CalendarDay[] = [{ date: `${year}-01-01`, kind: 'holiday', name: 'Tết Dương lịch' }];
  for (let i = -1; i <= 3; i += 1) days.push({ date: addDays(lunar.tet, i), kind: 'holiday', name: 'Tết Nguyên đán' });
  days.push({ date: lunar.hungKings, kind: 'holiday', name: 'Giỗ Tổ Hùng Vương' });
  days.push(
    { date: `${year}-04-30`, kind: 'holiday', name: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, kind: 'holiday', name: 'Ngày Quốc tế Lao động' },
    { date: `${year}-09-02`, kind: 'holiday', name: 'Quốc khánh' },
    { date: `${year}-09-03`, kind: 'holiday', name: 'Quốc khánh' },
  );
  const taken = new Set(days.map((d) => d.date));
  const moved: CalendarDay[] = [];
  for (const day of days) {
    if (!isWeekend(day.date)) continue;
    let next = addDays(day.date, 1);
    while (isWeekend(next) || taken.has(next)) next = addDays(next, 1);
    taken.add(next);
    moved.push({ date: next, kind: 'holiday', name: `Nghỉ bù ${day.name}` });
  }
  return [...days, ...moved].sort((a, b) => a.date.localeCompare(b.date));
}
