import { isAnnounced } from '../../shared/rules/notice.ts';
import type { Logger } from 'pino';
import type { SessionState } from '../../shared/schemas/session.ts';
import { catchUpSteps, stateByClock } from '../../shared/rules/session-clock.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import type { Notice } from '../core/notices.ts';
import { listSessions } from '../sessions/sessions.repository.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';

const MIN_WAIT_MS = 20;

/** The soonest moment after `now` at which some session's clock state changes, if any. */
function nextBoundary(sessions: ReadonlyArray<{ state: SessionState; opensAt: string; startsAt: string; endsAt: string }>, now: number): number | null {
  let next: number | null = null;
  for (const session of sessions) {
    if (session.state === 'ended') continue;
    for (const at of [session.opensAt, session.startsAt, session.endsAt].map(Date.parse)) {
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}

/**
 * Moves sessions through their states on time: open for questions, live at the start, ended after. It works out
 * from the clock where each session should be, so a restart (or a long outage) catches up on the first tick, and
 * each step is conditional on the state it starts from, so no transition ever runs twice. Between ticks it sleeps
 * until the next session's next moment (at most `intervalMs`, which also bounds how long another process's new
 * session waits), and `poke()` after a session is created or moved ticks at once: a step happens within a second.
 */
export function createScheduler(options: {
  db: Database;
  clock: Clock;
  sessions: SessionsService;
  publish: (notices: Notice[]) => void;
  logger: Logger;
  intervalMs?: number;
  /** Work due by the clock rather than by a request, run after each pass (retention of resident ids). */
  housekeeping?: () => Promise<unknown>;
}) {
  const { db, clock, sessions, publish, logger, intervalMs = 15_000, housekeeping } = options;
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  // Passes run one after another, never two at once.
  let queue: Promise<unknown> = Promise.resolve();
  let next: number | null = null;

  async function tick(): Promise<number> {
    let moved = 0;
    const now = clock();
    const all = (await listSessions(db)).filter(isAnnounced);
    for (const session of all) {
      // A draft waits for its notice: residents cannot be asked in before they were told.
      if (session.state === 'ended') continue;
      let from: SessionState = session.state;
      for (const to of catchUpSteps(from, stateByClock(session, now))) {
        const written = await sessions.transitionOnSchedule(session.id, from, to);
        if (!written) break;
        publish(written.notices);
        logger.info({ sessionId: session.id, from, to }, 'session moved on schedule');
        moved += 1;
        from = to;
      }
    }
    await housekeeping?.();
    next = nextBoundary(all, now.getTime());
    return moved;
  }

  function arm(scheduler: { tick(): Promise<number> }) {
    if (!started) return;
    if (timer) clearTimeout(timer);
    // A few milliseconds past the boundary, so the clock reads the new state when the tick runs; never a busy loop
    // (a clock that stands still, as in tests, would otherwise tick again at once).
    const wait = next === null ? intervalMs : Math.min(intervalMs, Math.max(MIN_WAIT_MS, next - clock().getTime() + 5));
    timer = setTimeout(() => {
      timer = null;
      scheduler
        .tick()
        .catch((error: unknown) => logger.error({ err: error }, 'schedule tick failed'))
        .finally(() => arm(scheduler));
    }, wait);
  }

  return {
    /**
     * One pass over all sessions that starts after this call (a pass already under way may have read the clock or
     * the sessions before the caller's change); resolves with the number of transitions made.
     */
    tick(): Promise<number> {
      const pass = queue.then(tick, tick);
      queue = pass.catch(() => undefined);
      return pass;
    },
    /** A session was created or moved: catch up now, and sleep until the new next moment. */
    poke(): void {
      if (!started) return;
      this.tick()
        .catch((error: unknown) => logger.error({ err: error }, 'schedule tick failed'))
        .finally(() => arm(this));
    },
    start() {
      if (started) return;
      started = true;
      arm(this);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await queue;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
