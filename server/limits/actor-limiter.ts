import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../core/clock.ts';
import { createRateLimiter } from './rate-limiter.ts';

/**
 * Limits one kind of write per resident and, more loosely, per IP address: a ward's residents on one mobile
 * carrier can share an address (carrier-grade NAT), so the per-IP limit only stops a single machine from posing
 * as many residents.
 */
export function createActorLimiter(options: {
  what: string;
  perResident: number;
  perIp: number;
  windowMs: number;
  clock: Clock;
  /** Told of each refusal (for /metrics). */
  onRefused?: () => void;
}) {
  const { what, windowMs, clock, onRefused } = options;
  const byResident = createRateLimiter({ limit: options.perResident, windowMs, clock });
  const byIp = createRateLimiter({ limit: options.perIp, windowMs, clock });
  return {
    check(actor: Actor): void {
      const wait = byResident.take(actor.residentId) ?? byIp.take(actor.ip);
      if (wait === null) return;
      onRefused?.();
      throw new AppError('rate_limited', `too many ${what}; try again in ${wait} s`, { retryAfter: wait });
    },
  };
}
export type ActorLimiter = ReturnType<typeof createActorLimiter>;
