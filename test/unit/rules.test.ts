import { describe, expect, it } from 'vitest';
import { allowedActions, alreadyDone, isPublic, statusAfter } from '../../shared/rules/moderation.ts';
import { compareNewest, rankForLive } from '../../shared/rules/ranking.ts';
import { acceptsQuestions, canTransition, nextStates } from '../../shared/rules/session-state.ts';
import type { ModerationAction, QuestionStatus } from '../../shared/schemas/question.ts';
import type { SessionState } from '../../shared/schemas/session.ts';

describe('session state machine', () => {
  it.each<[SessionState, SessionState, boolean]>([
    ['scheduled', 'open', true],
    ['scheduled', 'live', true],
    ['open', 'live', true],
    ['live', 'ended', true],
    ['scheduled', 'ended', false],
    ['open', 'scheduled', false],
    ['live', 'open', false],
    ['ended', 'live', false],
    ['ended', 'ended', false],
    ['live', 'live', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('takes questions only from opening until the end', () => {
    expect((['scheduled', 'open', 'live', 'ended'] as const).map(acceptsQuestions)).toEqual([false, true, true, false]);
  });

  it('lets an ended session go nowhere', () => {
    expect(nextStates('ended')).toEqual([]);
  });
});

describe('moderation transitions', () => {
  it.each<[QuestionStatus, ModerationAction, QuestionStatus | null]>([
    ['pending', 'approve', 'approved'],
    ['pending', 'reject', 'rejected'],
    ['pending', 'stage', null],
    ['pending', 'answer', null],
    ['pending', 'edit', 'pending'],
    ['approved', 'stage', 'on_stage'],
    ['approved', 'reject', 'rejected'],
    ['approved', 'requeue', 'pending'],
    ['approved', 'answer', 'answered'],
    ['rejected', 'approve', 'approved'],
    ['rejected', 'stage', null],
    ['rejected', 'edit', null],
    ['on_stage', 'answer', 'answered'],
    ['on_stage', 'unstage', 'approved'],
    ['on_stage', 'reject', null],
    ['answered', 'reopen', 'approved'],
    ['answered', 'stage', 'on_stage'],
    ['answered', 'approve', null],
  ])('%s + %s → %s', (status, action, expected) => {
    expect(statusAfter(status, action)).toBe(expected);
  });

  it('knows when an action has already taken effect', () => {
    expect(alreadyDone('approved', 'approve')).toBe(true);
    expect(alreadyDone('on_stage', 'stage')).toBe(true);
    expect(alreadyDone('pending', 'approve')).toBe(false);
    expect(alreadyDone('approved', 'edit')).toBe(false);
  });

  it('offers an undo for every action that changes status', () => {
    const inverse: Partial<Record<ModerationAction, ModerationAction>> = {
      approve: 'requeue',
      reject: 'requeue',
      stage: 'unstage',
      answer: 'reopen',
    };
    for (const [action, undo] of Object.entries(inverse) as Array<[ModerationAction, ModerationAction]>) {
      const from: QuestionStatus = action === 'answer' ? 'on_stage' : action === 'stage' ? 'approved' : 'pending';
      const after = statusAfter(from, action)!;
      expect(allowedActions(after)).toContain(undo);
    }
  });

  it('shows approved, on-stage and answered questions to the public, never pending or rejected ones', () => {
    expect((['pending', 'approved', 'rejected', 'on_stage', 'answered'] as const).filter(isPublic)).toEqual([
      'approved',
      'on_stage',
      'answered',
    ]);
  });
});

describe('ranking', () => {
  const q = (id: number, votes: number, minute: number, status = 'approved') => ({
    id,
    votes,
    status,
    createdAt: `2026-12-18T07:${String(minute).padStart(2, '0')}:00.000Z`,
  });

  it('puts most votes first, then the oldest, and pins the question on stage', () => {
    const ranked = rankForLive([q(1, 5, 10), q(2, 9, 20), q(3, 5, 5), q(4, 0, 1, 'on_stage')]);
    expect(ranked.map((x) => x.id)).toEqual([4, 2, 3, 1]);
  });

  it('orders "new" by time, newest first', () => {
    expect([q(1, 0, 10), q(2, 0, 30), q(3, 0, 20)].sort(compareNewest).map((x) => x.id)).toEqual([2, 3, 1]);
  });
});
