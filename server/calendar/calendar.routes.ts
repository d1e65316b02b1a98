import { Router } from 'express';
import { CALENDAR } from '../../shared/routes/calendar.ts';
import { serve } from '../http/route.ts';
import type { CalendarService } from './calendar.service.ts';

export function calendarRoutes(deps: { calendar: CalendarService }): Router {
  const { calendar } = deps;
  const router = Router();

  serve(router, CALENDAR.year, ({ params }, { actor }) => calendar.calendar(params.year, actor.staff?.unitId ?? null));

  serve(router, CALENDAR.setDay, ({ body }, { actor }) => calendar.setCalendarDay(actor, body));

  serve(router, CALENDAR.removeDay, ({ params }, { actor }) => calendar.removeCalendarDay(actor, params.date));

  return router;
}
