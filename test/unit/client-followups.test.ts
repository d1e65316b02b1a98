import { describe, expect, it } from 'vitest';
import type { FollowupView } from '../../shared/schemas/followup.ts';
import type { Poll } from '../../shared/schemas/poll.ts';
import { fateOf, isTrackingCode, normalizeCode } from '../../client/src/lib/followups/followups.ts';
import { newerPoll, share } from '../../client/src/lib/polls/polls.svelte.ts';
import { periodSpan } from '../../client/src/lib/scoreboard/scoreboard.ts';

const poll = (revision: number): Poll => ({ id: 1, sessionId: 1, question: 'q', multiple: false, themePoll: false, status: 'open', revision, options: [], voters: revision });

describe('polls on the page', () => {
  it('keeps the highest revision whatever order broadcasts arrive in', () => {
    expect(newerPoll(poll(5), poll(4)).revision).toBe(5);
    expect(newerPoll(poll(4), poll(5)).revision).toBe(5);
    expect(newerPoll(undefined, poll(1)).revision).toBe(1);
  });

  it.each([
    [0, 0, 0],
    [1, 3, 33],
    [2, 3, 67],
    [3, 3, 100],
  ])('%i of %i voters is %i%%', (votes, voters, expected) => {
    expect(share(votes, voters)).toBe(expected);
  });
});

describe('scoreboard periods on the wall calendar of Hanoi', () => {
  it.each([
    ['month', '2026-11-30T18:00:00Z', { from: '2026-12-01', to: '2026-12-31' }],
    ['quarter', '2026-11-25T03:00:00Z', { from: '2026-10-01', to: '2026-12-31' }],
    ['quarter', '2027-02-10T03:00:00Z', { from: '2027-01-01', to: '2027-03-31' }],
    ['year', '2026-12-31T17:30:00Z', { from: '2027-01-01', to: '2027-12-31' }],
    ['month', '2028-02-15T03:00:00Z', { from: '2028-02-01', to: '2028-02-29' }],
  ] as const)('this %s at %s', (kind, now, span) => {
    expect(periodSpan(kind, new Date(now))).toEqual(span);
  });
});

describe('tracking codes as residents type them', () => {
  it.each([
    [' td-2026-12-0042 ', true],
    ['TD-2026-13-0042', false],
    ['TD-2026-12-42', false],
    ['hello', false],
  ])('%j is a code: %s', (typed, valid) => {
    expect(isTrackingCode(normalizeCode(typed))).toBe(valid);
  });
});

describe('a question\'s fate as shown', () => {
  const base = { fate: null, status: null, mergedInto: null, question: { status: 'approved' } } as unknown as FollowupView;
  it.each([
    [{ ...base, fate: 'merged', mergedInto: 'TD-2026-12-0001' }, 'merged'],
    [{ ...base, fate: 'written', status: 'answered' }, 'answered'],
    [{ ...base, fate: 'written', status: 'assigned' }, 'assigned'],
    [{ ...base, fate: 'closed', status: 'closed' }, 'closed'],
    [{ ...base, question: { status: 'answered' } }, 'live'],
    [base, 'waiting'],
  ])('%#: %s', (view, fate) => {
    expect(fateOf(view as FollowupView)).toBe(fate);
  });
});
