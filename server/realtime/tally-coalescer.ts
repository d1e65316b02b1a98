import type { Notice } from '../core/notices.ts';

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
 *
 * The interval runs from the end of one broadcast to the start of the next. Sending to 10,000 viewers takes a few
 * hundred milliseconds of CPU, in slices (see fanout.ts); timed from the start, tallies could be produced faster
 * than they are sent and queue up. Timed from the end, a large audience gets fewer updates; a small one still gets
 * one every interval.
 */
export function createVoteTally(options: {
  intervalMs: number;
  /** `naive` tallies every vote on its own, at once: the baseline the benchmark compares coalescing with. */
  mode?: 'coalesced' | 'naive';
  tally: (sessionId: number, questionIds: number[]) => Promise<Notice[]>;
  /** Resolves once the notices have gone out (the fan-out is sliced over many turns of the event loop). */
  publish: (notices: Notice[]) => void | Promise<void>;
  onError: (error: unknown) => void;
}): VoteTally {
  const { intervalMs, mode = 'coalesced', tally, publish, onError } = options;
  let dirty = new Map<number, Set<number>>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let stopped = false;
  let lastFlushEnd = 0;

  function arm(): void {
    if (timer || flushing || stopped || dirty.size === 0) return;
    // The first vote after a quiet spell goes out at once; under a storm, one interval after the last broadcast.
    timer = setTimeout(
      () => {
        timer = null;
        flushing = flush();
      },
      Math.max(0, lastFlushEnd + intervalMs - Date.now()),
    );
  }

  async function flush(): Promise<void> {
    const batch = dirty;
    dirty = new Map();
    for (const [sessionId, ids] of batch) {
      try {
        await publish(await tally(sessionId, [...ids]));
      } catch (error) {
        onError(error);
      }
    }
    lastFlushEnd = Date.now();
    flushing = null;
    arm();
  }

  return {
    mark(sessionId, questionId) {
      if (mode === 'naive') {
        tally(sessionId, [questionId]).then(publish).catch(onError);
        return;
      }
      let ids = dirty.get(sessionId);
      if (!ids) dirty.set(sessionId, (ids = new Set()));
      ids.add(questionId);
      arm();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await flushing;
      if (dirty.size > 0) await flush();
    },
  };
}
