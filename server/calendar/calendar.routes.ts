import { Router } from 'express';
import { z } from 'zod';
import { CalendarDayInput, Day } from '../../shared/schemas/followup.ts';
import { parseWith } from '../http/validate.ts';
import type { CalendarService } from './calendar.service.ts';

const Year = z.coerce.number().int().min(2000).max(2100);

export function calendarRoutes(deps: { calendar: CalendarService }): Router {
  const { calendar } = deps;
  const router = Router();

  router.get('/api/calendar/:year', async (req, res) => {
    res.json(await calendar.calendar(parseWith(Year, req.params.year), res.locals.actor.staff?.unitId ?? null));
  });

  router.put('/api/admin/calendar', async (req, res) => {
    await calendar.setCalendarDay(res.locals.actor, parseWith(CalendarDayInput, req.body));
    res.status(204).end();
  });

  router.delete('/api/admin/calendar/:date', async (req, res) => {
    await calendar.removeCalendarDay(res.locals.actor, parseWith(Day, req.params.date));
    res.status(204).end();
  });

  return router;
}
