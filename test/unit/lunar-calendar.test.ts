import { describe, expect, it } from 'vitest';
import { hungKingsDay, tetDay } from '../../shared/rules/lunar-calendar.ts';
import { statutoryHolidays } from '../../shared/rules/working-days.ts';

// Published Vietnamese dates (the government's yearly holiday notices and the Vietnamese calendar tables), typed in
// from those sources rather than from this code.
const VIETNAMESE_TET: Array<[number, string]> = [
  [1985, '1985-01-21'],
  [2007, '2007-02-17'],
  [2020, '2020-01-25'],
  [2021, '2021-02-12'],
  [2022, '2022-02-01'],
  [2023, '2023-01-22'],
  [2024, '2024-02-10'],
  [2025, '2025-01-29'],
  [2026, '2026-02-17'],
  [2027, '2027-02-06'],
  [2028, '2028-01-26'],
  [2029, '2029-02-13'],
  [2030, '2030-02-02'],
  [2031, '2031-01-23'],
  [2032, '2032-02-11'],
  [2033, '2033-01-31'],
  [2034, '2034-02-19'],
  [2035, '2035-02-08'],
  [2036, '2036-01-28'],
  [2037, '2037-02-15'],
  [2038, '2038-02-04'],
  [2039, '2039-01-24'],
  [2040, '2040-02-12'],
];

const HUNG_KINGS: Array<[number, string]> = [
  [2020, '2020-04-02'],
  [2021, '2021-04-21'],
  [2022, '2022-04-10'],
  [2023, '2023-04-29'],
  [2024, '2024-04-18'],
  [2025, '2025-04-07'],
  [2026, '2026-04-26'],
];

describe('the Vietnamese lunar calendar', () => {
  it.each(VIETNAMESE_TET)('puts Tết %i on %s', (year, day) => {
    expect(tetDay(year)).toBe(day);
  });

  it.each(HUNG_KINGS)("puts the Hùng Kings' day %i on %s", (year, day) => {
    expect(hungKingsDay(year)).toBe(day);
  });

  it("differs from China's calendar (UTC+8) where the new moon falls between 23:00 and midnight in Hanoi", () => {
    // 1985: the solstice month fell differently, a whole month apart; 2007 and 2030: one day.
    expect(tetDay(1985, 8)).toBe('1985-02-20');
    expect(tetDay(2007, 8)).toBe('2007-02-18');
    expect(tetDay(2030, 8)).toBe('2030-02-03');
  });

  it('gives every year up to 2045 its five days of Tết and the Hùng Kings day as holidays', () => {
    for (let year = 2025; year <= 2045; year += 1) {
      const names = statutoryHolidays(year).map((d) => d.name);
      expect(names.filter((n) => n === 'Tết Nguyên đán')).toHaveLength(5);
      expect(names).toContain('Giỗ Tổ Hùng Vương');
    }
    expect(statutoryHolidays(2030).filter((d) => d.name === 'Tết Nguyên đán')[0]!.date).toBe('2030-02-01');
  });
});
