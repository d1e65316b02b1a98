import type { Notice } from '../core/notices.ts';

export interface TallyCoalescer {
  /** Notes that an item's count changed (a question's votes or a poll's choices); it goes out with the next tally. */
  mark(sessionId: number, itemId: number): void;
  /** Sends what is pending now and stops the timer. */
  stop(): Promise<void>;
}

/**
 * Coalesces counts (question votes; a second instance does poll choices): however many votes arrive, each
 * session's changed counts go out at most once per interval, in one message per audience. A popular question can
 * draw hundreds of votes a second; sending each to every viewer would cost votes × viewers messages.
 *
 * The interval runs from the end of one broadcast to the start of the next. Sending to 10,000 viewers takes a few
 * hundred milliseconds of CPU, in slices (see fanout.ts); timed from the start, tallies could be produced faster
 * than they are sent and queue up. Timed from the end, a large audience gets fewer updates; a small one still gets
 * one every interval.
 */
export function createTallyCoalescer(options: {
  intervalMs: number;
  /** `naive` tallies every vote on its own, at once: the baseline the benchmark compares coalescing with. */
  mode?: 'coalesced' | 'naive';
  tally: (sessionId: number, itemIds: number[]) => Promise<Notice[]>;
  /** Resolves once the notices have gone out (the fan-out is sliced over many turns of the event loop). */
  publish: (notices: Notice[]) => void | Promise<void>;
  onError: (error: unknown) => void;
}): TallyCoalescer {
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
    mark(sessionId, itemId) {
      if (mode === 'naive') {
        tally(sessionId, [itemId]).then(publish).catch(onError);
        return;
      }
      let ids = dirty.get(sessionId);
      if (!ids) dirty.set(sessionId, (ids = new Set()));
      ids.add(itemId);
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
