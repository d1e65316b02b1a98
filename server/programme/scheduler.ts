import type { Logger } from 'pino';
import type { SessionState } from '../../shared/schemas/session.ts';
import { catchUpSteps, stateByClock } from '../../shared/rules/session-clock.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../limits/rate-limiter.ts';
import type { Notice } from '../realtime/notices.ts';
import { listSessions } from '../sessions/sessions.repository.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';

/**
 * Moves sessions through their states on time: open for questions, live at the start, ended after. It works out
 * from the clock where each session should be, so a restart (or a long outage) catches up on the first tick, and
 * each step is conditional on the state it starts from, so no transition ever runs twice.
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
  let running: Promise<number> | null = null;

  async function tick(): Promise<number> {
    let moved = 0;
    const now = clock();
    for (const session of await listSessions(db)) {
      // A draft waits for its notice: residents cannot be asked in before they were told.
      if (session.state === 'ended' || session.noticeAt === null) continue;
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
    return moved;
  }

  return {
    /** One pass over all sessions; resolves with the number of transitions made. */
    tick(): Promise<number> {
      running ??= tick().finally(() => {
        running = null;
      });
      return running;
    },
    start() {
      timer ??= setInterval(() => {
        this.tick().catch((error: unknown) => logger.error({ err: error }, 'schedule tick failed'));
      }, intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
