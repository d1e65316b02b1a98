import { Router } from 'express';
import { REMINDERS } from '../../shared/routes/reminders.ts';
import { serve } from '../http/route.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { RemindersService } from './reminders.service.ts';

/** The programme page's "remind me": the caller's own reminder of one session. */
export function reminderRoutes(deps: { reminders: RemindersService; limit: ActorLimiter }): Router {
  const { reminders, limit } = deps;
  const router = Router();

  serve(router, REMINDERS.mine, ({ params }, { actor }) => reminders.mine(actor, params.id));

  // Each request sends a mail or tries a code, so both are limited per resident and per address.
  serve(router, REMINDERS.ask, ({ params, body }, { actor }) => {
    limit.check(actor);
    return reminders.ask(actor, params.id, body);
  });

  serve(router, REMINDERS.verify, ({ params, body }, { actor }) => {
    limit.check(actor);
    return reminders.verify(actor, params.id, body);
  });

  return router;
}
