import { describe, expect, it } from 'vitest';
import { addWorkingDays, hanoiDay, statutoryHolidays, workingDaysBetween, type DayKind } from '../../shared/rules/working-days.ts';

function calendar(year: number, extra: Array<[string, DayKind]> = []): Map<string, DayKind> {
  return new Map([...statutoryHolidays(year).map((d) => [d.date, d.kind] as [string, DayKind]), ...extra]);
}

describe('working days in Vietnam', () => {
  it('skips weekends', () => {
    // Friday 20/11/2026 + 1 working day = Monday 23/11.
    expect(addWorkingDays('2026-11-20', 1, new Map())).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 5, new Map())).toBe('2026-11-30');
  });

  it('skips the five days of Tết (2027: 5–9 February)', () => {
    const days = calendar(2027);
    expect(statutoryHolidays(2027).filter((d) => d.name === 'Tết Nguyên đán').map((d) => d.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
    // Thursday 4/2/2027 + 2 working days: Fri 5 to Tue 9 off (with the weekend), compensations for Sat 6 and Sun 7 on Wed 10 and Thu 11.
    expect(addWorkingDays('2027-02-04', 2, days)).toBe('2027-02-15');
  });

  it('moves a holiday that falls on a weekend to the next working day', () => {
    // 2/9/2028 is a Saturday: the day off moves to Monday 4/9 (3/9 is a Sunday, and itself moves to Tuesday 5/9).
    const moved = statutoryHolidays(2028).filter((d) => d.name.startsWith('Nghỉ bù Quốc khánh')).map((d) => d.date);
    expect(moved).toEqual(['2028-09-04', '2028-09-05']);
    expect(addWorkingDays('2028-09-01', 1, calendar(2028))).toBe('2028-09-06');
  });

  it('counts a swapped Saturday as a working day (2025: Saturday 26/4 worked, Friday 2/5 off)', () => {
    const days = calendar(2025, [
      ['2025-04-26', 'working'],
      ['2025-05-02', 'holiday'],
    ]);
    expect(addWorkingDays('2025-04-25', 1, days)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-29', 1, days)).toBe('2025-05-05');
  });

  it('crosses a year end with New Year off', () => {
    const days = new Map([...calendar(2026), ...calendar(2027)]);
    // Thursday 31/12/2026 + 1: Friday 1/1/2027 is New Year, so Monday 4/1.
    expect(addWorkingDays('2026-12-31', 1, days)).toBe('2027-01-04');
    expect(workingDaysBetween('2026-12-30', '2027-01-05', days)).toBe(3);
  });

  it('takes the calendar day in Hanoi, not in UTC', () => {
    expect(hanoiDay(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(hanoiDay(new Date('2026-12-31T16:30:00Z'))).toBe('2026-12-31');
  });
});
