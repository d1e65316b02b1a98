import { describe, expect, it } from 'vitest';
import { QuestionAskInput } from '../../shared/schemas/question.ts';
import { foldText } from '../../shared/text/fold.ts';
import { formatSpan, zonedInstant, zonedYearMonth } from '../../shared/time.ts';

describe('foldText', () => {
  it.each([
    ['Tọa đàm', 'toa dam'],
    ['Toạ đàm', 'toa dam'],
    ['ĐƯỜNG', 'duong'],
    ['đường', 'duong'],
    ['  Vỉa   hè  ', 'via he'],
    ['Nguyễn Thị Ánh', 'nguyen thi anh'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
    expect(foldText(input.normalize('NFD'))).toBe(expected);
  });
});

describe('question text cleaning', () => {
  const base = { sessionId: 1, clientKey: 'abcdefgh' };

  it('trims, strips control characters and normalizes to NFC before counting', () => {
    const decomposed = '  Tọa đàm về vỉa hè\u0007 '.normalize('NFD');
    const parsed = QuestionAskInput.parse({ ...base, text: decomposed });
    expect(parsed.text).toBe('Tọa đàm về vỉa hè');
    expect(parsed.text).toBe(parsed.text.normalize('NFC'));
  });

  it('counts characters as a reader sees them: 10 composed letters pass even when sent decomposed', () => {
    const ten = 'ệệệệệệệệệệ';
    expect(QuestionAskInput.safeParse({ ...base, text: ten.normalize('NFD') }).success).toBe(true);
    expect(QuestionAskInput.safeParse({ ...base, text: ten.slice(1) }).success).toBe(false);
  });

  it('keeps line breaks inside a question', () => {
    expect(QuestionAskInput.parse({ ...base, text: 'Dòng một dài\nDòng hai' }).text).toBe('Dòng một dài\nDòng hai');
  });
});

describe('time in Asia/Ho_Chi_Minh', () => {
  it('shows a UTC instant in Vietnam time whatever the machine zone', () => {
    expect(formatSpan('2026-12-17T07:00:00.000Z', '2026-12-17T09:00:00.000Z', 'en')).toBe('14:00–16:00, Thursday, 17/12/2026');
    expect(formatSpan('2026-12-17T07:00:00.000Z', '2026-12-17T09:00:00.000Z', 'vi')).toMatch(/^14:00–16:00, Thứ Năm,? 17\/12\/2026$/);
  });

  it('places the month boundary at midnight in Hanoi, not in UTC', () => {
    expect(zonedYearMonth(new Date('2026-11-30T17:30:00Z'))).toEqual({ year: 2026, month: 12 });
    expect(zonedYearMonth(new Date('2026-11-30T16:30:00Z'))).toEqual({ year: 2026, month: 11 });
  });

  it('converts a Hanoi wall-clock time to UTC', () => {
    expect(zonedInstant(2027, 1, 1, 6).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });
});
