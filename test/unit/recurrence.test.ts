import { describe, expect, it } from 'vitest';
import { occurrenceIn, occurrences, ruleDay, type MonthlyRule } from '../../shared/rules/recurrence.ts';
import { catchUpSteps, realEnd, recordStart, stateByClock } from '../../shared/rules/session-clock.ts';

const thirdThursday: MonthlyRule = { nth: 3, weekday: 4, startTime: '14:00', durationMinutes: 120, openDaysBefore: 7 };

describe('monthly recurrence in Asia/Ho_Chi_Minh', () => {
  it.each([
    [2026, 12, 17],
    [2027, 1, 21],
    [2027, 2, 18],
    [2026, 10, 15],
  ])('the third Thursday of %i-%i is day %i', (year, month, day) => {
    expect(ruleDay(thirdThursday, year, month)).toBe(day);
  });

  it.each([
    [2027, 2, 26],
    [2028, 2, 25],
    [2026, 12, 25],
    [2027, 4, 30],
  ])('the last Friday of %i-%i is day %i (month ends, leap years)', (year, month, day) => {
    expect(ruleDay({ nth: -1, weekday: 5 }, year, month)).toBe(day);
  });

  it('places 14:00 in Hanoi at 07:00 UTC and ends after the duration', () => {
    const o = occurrenceIn(thirdThursday, 2026, 12);
    expect(o).toEqual({
      key: '2026-12',
      startsAt: new Date('2026-12-17T07:00:00.000Z'),
      endsAt: new Date('2026-12-17T09:00:00.000Z'),
    });
  });

  it('keeps the Hanoi calendar day for an early-morning session (the previous day in UTC)', () => {
    const o = occurrenceIn({ ...thirdThursday, startTime: '06:30' }, 2027, 1);
    expect(o.startsAt.toISOString()).toBe('2027-01-20T23:30:00.000Z');
  });

  it('walks across a year end', () => {
    expect(occurrences(thirdThursday, { year: 2026, month: 11 }, 4).map((o) => o.key)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});

describe('where the clock puts a session', () => {
  const session = { opensAt: '2026-12-10T07:00:00.000Z', startsAt: '2026-12-17T07:00:00.000Z', endsAt: '2026-12-17T09:00:00.000Z' };
  it.each([
    ['2026-12-01T00:00:00Z', 'scheduled'],
    ['2026-12-10T07:00:00Z', 'open'],
    ['2026-12-17T06:59:59Z', 'open'],
    ['2026-12-17T07:00:00Z', 'live'],
    ['2026-12-17T09:00:00Z', 'ended'],
  ] as const)('at %s it is %s', (now, state) => {
    expect(stateByClock(session, new Date(now))).toBe(state);
  });

  it('catches up one legal step at a time and never goes back', () => {
    expect(catchUpSteps('scheduled', 'ended')).toEqual(['open', 'live', 'ended']);
    expect(catchUpSteps('open', 'live')).toEqual(['live']);
    expect(catchUpSteps('live', 'open')).toEqual([]);
    expect(catchUpSteps('ended', 'live')).toEqual([]);
  });
});

describe('when a session was really held', () => {
  const planned = { startsAt: '2026-12-17T07:00:00.000Z', endsAt: '2026-12-17T09:00:00.000Z' };

  it('counts from going live and ends at the real end once they happened, the plan until then', () => {
    expect([recordStart({ ...planned, liveAt: null }), realEnd({ ...planned, endedAt: null })]).toEqual([planned.startsAt, planned.endsAt]);
    const held = { ...planned, liveAt: '2026-12-17T06:30:00.000Z', endedAt: '2026-12-17T07:40:00.000Z' };
    expect([recordStart(held), realEnd(held)]).toEqual(['2026-12-17T06:30:00.000Z', '2026-12-17T07:40:00.000Z']);
  });
});
