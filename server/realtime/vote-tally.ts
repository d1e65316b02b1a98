import type { Notice } from './notices.ts';

export interface VoteTally {
  /** Notes that a question's count changed; it goes out with the session's next tally. */
  mark(sessionId: number, questionId: number): void;
  /** Sends what is pending now and stops the timer. */
  stop(): Promise<void>;
}

/**
 * Coalesces vote counts: however many votes arrive, each session's changed counts go out at most once per
 * interval, in one message per audience. A popular question can draw hundreds of votes a second; sending each
 * to every viewer would cost votes × viewers messages.
 */
export function createVoteTally(options: {
  intervalMs: number;
  /** `naive` tallies every vote on its own, at once: the baseline the benchmark compares coalescing with. */
  mode?: 'coalesced' | 'naive';
  tally: (sessionId: number, questionIds: number[]) => Promise<Notice[]>;
  publish: (notices: Notice[]) => void;
  onError: (error: unknown) => void;
}): VoteTally {
  const { intervalMs, mode = 'coalesced', tally, publish, onError } = options;
  let dirty = new Map<number, Set<number>>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();
  let lastFlush = 0;

  async function flush(): Promise<void> {
    timer = null;
    lastFlush = Date.now();
    const batch = dirty;
    dirty = new Map();
    for (const [sessionId, ids] of batch) {
      try {
        publish(await tally(sessionId, [...ids]));
      } catch (error) {
        onError(error);
      }
    }
  }

  return {
    mark(sessionId, questionId) {
      if (mode === 'naive') {
        tally(sessionId, [questionId]).then(publish, onError);
        return;
      }
      let ids = dirty.get(sessionId);
      if (!ids) dirty.set(sessionId, (ids = new Set()));
      ids.add(questionId);
      // The first vote after a quiet spell goes out at once; under a storm, at most once per interval.
      timer ??= setTimeout(
        () => {
          flushing = flush();
        },
        Math.max(0, lastFlush + intervalMs - Date.now()),
      );
    },
    async stop() {
      if (timer) {
        clearTimeout(timer);
        flushing = flush();
      }
      await flushing;
    },
  };
}
