import { compareNewest, compareTop, rankForLive } from '../../../../shared/rules/ranking.ts';
import type { PublicQuestion, QuestionStatus } from '../../../../shared/schemas/question.ts';

export type PublicTab = 'top' | 'new' | 'answered';

const only = <T extends { status: QuestionStatus }>(list: readonly T[], ...statuses: QuestionStatus[]) =>
  list.filter((q) => statuses.includes(q.status));

/** The residents' lists: "top" pins the question being answered above the most voted; answered ones leave it. */
export function publicList<T extends PublicQuestion>(questions: readonly T[], tab: PublicTab): T[] {
  switch (tab) {
    case 'top':
      return rankForLive(only(questions, 'approved', 'on_stage'));
    case 'new':
      return only(questions, 'approved', 'on_stage', 'answered').sort(compareNewest);
    case 'answered':
      return only(questions, 'answered').sort((a, b) => (b.answeredAt ?? '').localeCompare(a.answeredAt ?? ''));
  }
}

/** What the stage shows: the question being answered and the three most voted waiting after it. */
export function stageLineup<T extends PublicQuestion>(questions: readonly T[]): { current: T | null; next: T[] } {
  return {
    current: questions.find((q) => q.status === 'on_stage') ?? null,
    next: only(questions, 'approved').sort(compareTop).slice(0, 3),
  };
}
