import type { CommandName } from '../../shared/events.ts';
import type { Clock } from '../core/clock.ts';
import { createRateLimiter } from './rate-limiter.ts';

const WINDOW_MS = 60_000;

/** The per-minute limits on writes that the environment configures (`server/config.ts` reads them). */
export interface RateLimits {
  questionsPerMinute: number;
  votesPerMinute: number;
  questionsPerMinutePerIp: number;
  votesPerMinutePerIp: number;
}

/**
 * How many of each command one socket, and one resident over all their sockets, may send per minute. A page sends
 * `session:join` once per (re)connection and a feed resync, votes and questions as fast as a person taps; the
 * limits sit well above that and far below what a script can send (20,000 joins in 20 s, each answered with a
 * snapshot). Questions and votes keep the configured limits the services already apply per resident.
 */
export function commandRates(limits: RateLimits): Record<CommandName, { perSocket: number; perResident: number }> {
  const rate = (perSocket: number, perResident = perSocket * 2) => ({ perSocket, perResident });
  return {
    'session:join': rate(30),
    'session:leave': rate(30),
    'session:transition': rate(60),
    'question:ask': rate(limits.questionsPerMinute, limits.questionsPerMinute),
    'question:moderate': rate(300),
    'vote:set': rate(limits.votesPerMinute, limits.votesPerMinute),
    'media:token': rate(30),
    'hand:raise': rate(30),
    'hand:lower': rate(30),
    'stage:invite': rate(120),
    'stage:dismiss': rate(120),
    'track:mute': rate(120),
    'participant:remove': rate(120),
    // A transcription agent posts every interim segment.
    'caption:post': rate(1200),
    'transcript:stream': rate(2400),
    'poll:list': rate(60),
    'poll:create': rate(60),
    'poll:open': rate(60),
    'poll:close': rate(60),
    // A poll vote is changed a few times at most; four residents sent 1,121 in 2.5 s.
    'poll:vote': rate(30),
  };
}

/** Counts each accepted command per socket and per resident; the dispatcher asks only for valid payloads. */
export function createCommandLimiter(options: { limits: RateLimits; clock: Clock }) {
  const rates = commandRates(options.limits);
  const limiters = new Map(
    Object.entries(rates).map(([name, { perSocket, perResident }]) => [
      name,
      {
        bySocket: createRateLimiter({ limit: perSocket, windowMs: WINDOW_MS, clock: options.clock }),
        byResident: createRateLimiter({ limit: perResident, windowMs: WINDOW_MS, clock: options.clock }),
      },
    ]),
  );
  return {
    /** Null when allowed, else the whole seconds to wait. */
    take(name: CommandName, socketId: string, residentId: string): number | null {
      const limiter = limiters.get(name)!;
      return limiter.bySocket.take(socketId) ?? limiter.byResident.take(residentId);
    },
  };
}
export type CommandLimiter = ReturnType<typeof createCommandLimiter>;
