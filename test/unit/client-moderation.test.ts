import { describe, expect, it } from 'vitest';
import { consoleColumns, selectionOrder } from '../../client/src/lib/moderation/moderation.ts';
import type { StaffQuestion } from '../../shared/schemas/question.ts';

const question = (id: number, status: StaffQuestion['status'], extra: Partial<StaffQuestion> = {}): StaffQuestion => ({
  id,
  sessionId: 1,
  text: `Câu hỏi số ${id} về vỉa hè trong phường`,
  authorName: null,
  topic: null,
  status,
  votes: 0,
  createdAt: `2026-12-17T07:${String(10 + id).padStart(2, '0')}:00.000Z`,
  stagedAt: null,
  answeredAt: null,
  trackingCode: `TD-2612-${id}`,
  channel: 'online',
  mergedInto: null,
  rejectReason: null,
  rejectNote: null,
  namePublished: false,
  askerName: null,
  askerNameHidden: false,
  nameBasis: null,
  originalText: null,
  externalRef: null,
  residentTag: 'r',
  ...extra,
});

describe('the moderation console columns', () => {
  const questions = [
    question(1, 'pending'),
    question(2, 'approved', { votes: 3 }),
    question(3, 'rejected', { rejectReason: 'off_topic' }),
    question(4, 'rejected', { rejectReason: 'duplicate', mergedInto: 2 }),
    question(5, 'rejected', { rejectReason: 'duplicate' }),
    question(6, 'on_stage'),
    question(7, 'pending'),
  ];

  it('keeps questions merged into another apart from those set aside, newest first in each', () => {
    const columns = consoleColumns(questions);
    expect(columns.rejected.map((q) => q.id)).toEqual([5, 3]);
    expect(columns.merged.map((q) => q.id)).toEqual([4]);
  });

  it('walks the queue oldest first, then the approved ones, then the one on stage', () => {
    expect(selectionOrder(consoleColumns(questions))).toEqual([1, 7, 2, 6]);
  });
});
