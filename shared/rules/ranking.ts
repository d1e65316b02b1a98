interface Rankable {
  id: number;
  votes: number;
  createdAt: string;
  status: string;
}

/** "Top": most votes first, then the oldest, so an early question is not overtaken by a tie. */
export function compareTop(a: Rankable, b: Rankable): number {
  return b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
}

/** "New": the most recent first. */
export function compareNewest(a: Rankable, b: Rankable): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
}

/** Ranks for the live list: the question being answered is pinned above the rest. */
export function rankForLive<T extends Rankable>(questions: readonly T[]): T[] {
  return [...questions].sort((a, b) => Number(b.status === 'on_stage') - Number(a.status === 'on_stage') || compareTop(a, b));
}
