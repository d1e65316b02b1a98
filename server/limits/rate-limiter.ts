export type Clock = () => Date;

export interface RateLimiter {
  /** Counts one attempt for the key: null when allowed, else the whole seconds to wait. */
  take(key: string): number | null;
  reset(key: string): void;
}

/**
 * A sliding-window limiter kept in memory: enough for one process, and the limits it guards (a resident's
 * questions per minute, sign-in attempts) lose nothing important when a restart forgets them.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; clock: Clock }): RateLimiter {
  const { limit, windowMs, clock } = options;
  const hits = new Map<string, number[]>();
  let lastSweep = 0;

  function sweep(now: number) {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) if (times[times.length - 1]! <= now - windowMs) hits.delete(key);
  }

  return {
    take(key) {
      const now = clock().getTime();
      sweep(now);
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
      }
      recent.push(now);
      hits.set(key, recent);
      return null;
    },
    reset(key) {
      hits.delete(key);
    },
  };
}
