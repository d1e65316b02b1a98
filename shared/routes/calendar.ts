import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { CalendarDay, CalendarDayInput, CalendarYear, Day } from '../schemas/followup.ts';
import { PATHS } from './paths.ts';

/** The working-day calendar that due days are counted on: the statutory holidays and each unit's exceptions. */
export const CALENDAR = {
  year: route({
    ...PATHS.calendar.year,
    summary: "A year's days off on weekdays and weekend days worked, the caller's unit's own included",
    params: CalendarYear,
    response: z.array(CalendarDay),
  }),
  setDay: route({
    ...PATHS.calendar.setDay,
    summary: "Adds or changes a day of the staff member's unit's calendar",
    body: CalendarDayInput,
    response: z.null(),
    status: 204,
    errors: STAFF_ONLY,
  }),
  removeDay: route({
    ...PATHS.calendar.removeDay,
    summary: "Removes a day from the staff member's unit's calendar",
    params: z.object({ date: Day }),
    response: z.null(),
    status: 204,
    errors: STAFF_ONLY,
  }),
};
