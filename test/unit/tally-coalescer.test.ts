import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../server/core/notices.ts';
import { createTallyCoalescer } from '../../server/realtime/tally-coalescer.ts';

describe('createTallyCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(mode: 'coalesced' | 'naive' = 'coalesced') {
    const calls: Array<[number, number[]]> = [];
    const tally = createTallyCoalescer({
      intervalMs: 250,
      mode,
      tally: async (sessionId, ids) => {
        calls.push([sessionId, [...ids].sort()]);
        return [] as Notice[];
      },
      publish: () => undefined,
      onError: (error) => {
        throw error;
      },
    });
    return { tally, calls };
  }

  it('sends the first vote after a quiet spell at once, then at most one tally per interval per session', async () => {
    const { tally, calls } = setup();
    tally.mark(1, 10);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([[1, [10]]]);
    for (let i = 0; i < 500; i += 1) tally.mark(1, 10 + (i % 3));
    tally.mark(2, 99);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual([
      [1, [10]],
      [1, [10, 11, 12]],
      [2, [99]],
    ]);
  });

  it('counts the interval from the end of a slow broadcast, so broadcasts never take the whole event loop', async () => {
    const published: number[] = [];
    const tally = createTallyCoalescer({
      intervalMs: 250,
      tally: async () => [] as Notice[],
      publish: () => {
        published.push(Date.now());
        // A broadcast to a large audience keeps the loop busy for 300 ms.
        vi.advanceTimersByTime(300);
      },
      onError: (error) => {
        throw error;
      },
    });
    const start = Date.now();
    tally.mark(1, 10);
    await vi.advanceTimersByTimeAsync(0);
    tally.mark(1, 11);
    await vi.advanceTimersByTimeAsync(249);
    expect(published).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(published.map((t) => t - start)).toEqual([0, 550]);
  });

  it('tallies every vote on its own in naive mode (the benchmark baseline)', async () => {
    const { tally, calls } = setup('naive');
    for (let i = 0; i < 5; i += 1) tally.mark(1, 10);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(5);
  });

  it('sends what is pending when stopped', async () => {
    const { tally, calls } = setup();
    tally.mark(1, 10);
    await vi.advanceTimersByTimeAsync(0);
    tally.mark(1, 11);
    await tally.stop();
    expect(calls).toEqual([
      [1, [10]],
      [1, [11]],
    ]);
  });
});
