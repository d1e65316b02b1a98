/**
 * Working days in Vietnam, counted on the calendar of Asia/Ho_Chi_Minh. Dates are `YYYY-MM-DD` strings: a due
 * date is a day on the wall calendar of the office, not an instant.
 */

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

/** Lunar dates that cannot be computed from the Gregorian calendar: the first day of Tết and the Hùng Kings' day. */
export interface LunarDates {
  tet: string;
  hungKings: string;
}

/**
 * Known lunar dates for the coming years (the first day of the lunar year, and the 10th day of the 3rd lunar
 * month). The government confirms the exact days off each year; administrators edit the calendar accordingly.
 */
export const LUNAR_DATES: Readonly<Record<number, LunarDates>> = {
  2025: { tet: '2025-01-29', hungKings: '2025-04-07' },
  2026: { tet: '2026-02-17', hungKings: '2026-04-26' },
  2027: { tet: '2027-02-06', hungKings: '2027-04-16' },
  2028: { tet: '2028-01-26', hungKings: '2028-04-04' },
  2029: { tet: '2029-02-13', hungKings: '2029-04-23' },
  2030: { tet: '2030-02-03', hungKings: '2030-04-12' },
};

/**
 * The Labour Code's eleven public holidays of a year (New Year; five days of Tết, from the last day of the old
 * lunar year; the Hùng Kings' day; 30/4; 1/5; 2/9 and the day after), with each holiday that falls on a weekend
 * moved to the next working day. The government's yearly swaps are added by hand on top.
 */
export function statutoryHolidays(year: number, lunar: LunarDates | undefined = LUNAR_DATES[year]): CalendarDay[] {
  const days: CalendarDay[] = [{ date: `${year}-01-01`, kind: 'holiday', name: 'Tết Dương lịch' }];
  if (lunar) {
    for (let i = -1; i <= 3; i += 1) days.push({ date: addDays(lunar.tet, i), kind: 'holiday', name: 'Tết Nguyên đán' });
    days.push({ date: lunar.hungKings, kind: 'holiday', name: 'Giỗ Tổ Hùng Vương' });
  }
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
