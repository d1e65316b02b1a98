import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { ReminderInput, VerifyInput } from '../../shared/schemas/notify.ts';
import { parseWith } from '../http/validate.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { RemindersService } from './reminders.service.ts';

/** The programme page's "remind me": the caller's own reminder of one session. */
export function reminderRoutes(deps: { reminders: RemindersService; limit: ActorLimiter }): Router {
  const { reminders, limit } = deps;
  const router = Router();
  const id = (value: unknown) => parseWith(IdParam, value);

  router.get('/api/sessions/:id/reminder', async (req, res) => {
    res.json(await reminders.mine(res.locals.actor, id(req.params.id)));
  });

  // Each request sends a mail or tries a code, so both are limited per resident and per address.
  router.put('/api/sessions/:id/reminder', async (req, res) => {
    limit.check(res.locals.actor);
    res.json(await reminders.ask(res.locals.actor, id(req.params.id), parseWith(ReminderInput, req.body)));
  });

  router.post('/api/sessions/:id/reminder/verify', async (req, res) => {
    limit.check(res.locals.actor);
    res.json(await reminders.verify(res.locals.actor, id(req.params.id), parseWith(VerifyInput, req.body)));
  });

  return router;
}
