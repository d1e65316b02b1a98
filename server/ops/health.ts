import { Router } from 'express';
import type { Logger } from 'pino';
import { OPS } from '../../shared/routes/ops.ts';
import type { Readiness } from '../../shared/schemas/operations.ts';
import { serve } from '../http/route.ts';

export type Check = () => Promise<void>;

/** A check that has not answered within this is failed: a probe must answer before its caller gives up. */
const CHECK_TIMEOUT_MS = 3000;

function within(check: Check, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), late]).finally(() => clearTimeout(timer));
}

/**
 * Liveness says the process answers (restart it if not); readiness says it can serve (send it traffic if so): the
 * database takes a write, and Redis and LiveKit answer when they are configured. `/healthz` stays as it was, for
 * monitors that already use it.
 */
export function healthRoutes(options: {
  databaseReads: Check;
  /** Whether the last write was refused for lack of space, or the disk is nearly full. */
  storageFull: () => Promise<boolean>;
  checks: { [name in keyof Readiness['checks']]?: Check };
  logger: Logger;
  timeoutMs?: number;
}): Router {
  const { databaseReads, storageFull, checks, logger, timeoutMs = CHECK_TIMEOUT_MS } = options;
  const router = Router();

  serve(router, OPS.health, async (_, { res }) => {
    const database = await databaseReads().then(
      () => true,
      () => false,
    );
    const storage = (await storageFull()) ? ('full' as const) : ('ok' as const);
    const ok = database && storage === 'ok';
    res.status(ok ? 200 : 503);
    return { ok, database: database ? ('ok' as const) : ('unavailable' as const), storage };
  });

  serve(router, OPS.live, () => ({ ok: true as const }));

  serve(router, OPS.ready, async (_, { res }) => {
    const names = Object.keys(checks) as Array<keyof Readiness['checks']>;
    const outcomes = await Promise.allSettled(names.map((name) => within(checks[name]!, timeoutMs)));
    // The answer is public (behind the proxy like everything else), so the reasons go to the log only.
    const report: Readiness['checks'] = {};
    outcomes.forEach((outcome, i) => {
      report[names[i]!] = outcome.status === 'fulfilled' ? 'ok' : 'failed';
      if (outcome.status === 'rejected') logger.warn({ check: names[i], err: outcome.reason }, 'readiness check failed');
    });
    const ok = outcomes.every((outcome) => outcome.status === 'fulfilled');
    res.status(ok ? 200 : 503).set('Cache-Control', 'no-store');
    return { ok, checks: report };
  });

  return router;
}
