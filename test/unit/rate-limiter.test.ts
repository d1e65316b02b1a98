import { describe, expect, it } from 'vitest';
import { createActorLimiter } from '../../server/limits/actor-limiter.ts';
import { createRateLimiter } from '../../server/limits/rate-limiter.ts';

describe('createRateLimiter', () => {
  it('allows the limit within the window, then says how long to wait, then allows again', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, clock: () => new Date(now) });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, null]);
    now = 15_000;
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBeNull();
    // Halfway into the next window the three earlier attempts still weigh 1.5: one more fits, a second does not.
    now = 90_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(10);
    now = 180_001;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, null]);
  });

  it('spends constant time per attempt however busy the key', () => {
    const limiter = createRateLimiter({ limit: 1_000_000, windowMs: 60_000, clock: () => new Date(1000) });
    const started = performance.now();
    for (let i = 0; i < 200_000; i += 1) limiter.take('busy-address');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('forgets a key on reset', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock: () => new Date(0) });
    limiter.take('k');
    expect(limiter.take('k')).not.toBeNull();
    limiter.reset('k');
    expect(limiter.take('k')).toBeNull();
  });
});

describe('createActorLimiter', () => {
  it('limits each resident, and all residents behind one address more loosely', () => {
    const limit = createActorLimiter({ what: 'votes', perResident: 2, perIp: 3, windowMs: 60_000, clock: () => new Date(0) });
    const actor = (residentId: string, ip: string) => ({ residentId, ip, staff: null });
    limit.check(actor('a', '10.0.0.1'));
    limit.check(actor('a', '10.0.0.1'));
    expect(() => limit.check(actor('a', '10.0.0.1'))).toThrow(/too many votes/);
    limit.check(actor('b', '10.0.0.1'));
    expect(() => limit.check(actor('c', '10.0.0.1'))).toThrow(/too many votes/);
    expect(() => limit.check(actor('d', '10.0.0.2'))).not.toThrow();
  });
});
