import type { Clock } from '../core/clock.ts';

export interface RateLimiter {
  /** Counts one attempt for the key: null when allowed, else the whole seconds to wait. */
  take(key: string): number | null;
  reset(key: string): void;
}

interface Counter {
  window: number;
  current: number;
  previous: number;
}

/**
 * A sliding-window limiter in constant time and memory per key: the count of the current fixed window plus the
 * previous window's count weighted by how much of it still overlaps the sliding window. A vote storm from one
 * busy address costs the same per vote as a quiet one. Kept in memory: the limits it guards (questions and votes
 * per minute, sign-in attempts) lose nothing important when a restart forgets them.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; clock: Clock }): RateLimiter {
  const { limit, windowMs, clock } = options;
  const counters = new Map<string, Counter>();
  let lastSweep = 0;

  function sweep(window: number) {
    if (window === lastSweep) return;
    lastSweep = window;
    for (const [key, counter] of counters) if (counter.window < window - 1) counters.delete(key);
  }

  return {
    take(key) {
      const now = clock().getTime();
      const window = Math.floor(now / windowMs);
      const into = (now - window * windowMs) / windowMs;
      sweep(window);
      const known = counters.get(key);
      const counter: Counter =
        !known || known.window < window - 1
          ? { window, current: 0, previous: 0 }
          : known.window === window - 1
            ? { window, current: 0, previous: known.current }
            : known;
      counters.set(key, counter);
      if (counter.previous * (1 - into) + counter.current + 1 > limit) {
        // Either this window alone is full (wait for the next one), or the previous one still weighs too much.
        const freeAt = counter.current + 1 > limit ? 1 : 1 - (limit - 1 - counter.current) / counter.previous;
        return Math.max(1, Math.ceil(((freeAt - into) * windowMs) / 1000 - 1e-9));
      }
      counter.current += 1;
      return null;
    },
    reset(key) {
      counters.delete(key);
    },
  };
}
