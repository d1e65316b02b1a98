import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { GenerateInput, GenerateResult, Programme, ProgrammeInput, ProgrammePage, Unit } from '../schemas/programme.ts';
import { PATHS } from './paths.ts';

const ICALENDAR = 'text/calendar';

/** Units, their monthly programme, and the sessions as calendar files. */
export const PROGRAMME = {
  units: route({ ...PATHS.programme.units, summary: 'Every administrative unit on this platform', response: z.array(Unit) }),
  page: route({
    ...PATHS.programme.page,
    summary: "A unit's programme: its monthly rule, its theme plan and every announced session",
    params: IdPath,
    response: ProgrammePage,
    errors: { 404: 'No such unit' },
  }),
  save: route({
    ...PATHS.programme.save,
    summary: "Saves the staff member's unit's monthly rule and theme plan",
    body: ProgrammeInput,
    response: Programme,
    errors: STAFF_ONLY,
  }),
  generate: route({
    ...PATHS.programme.generate,
    summary: "Creates the coming months' sessions from the rule; months that have one are left alone",
    body: GenerateInput,
    response: GenerateResult,
    status: 201,
    errors: { ...STAFF_ONLY, 409: 'The unit has no monthly rule yet' },
  }),
  unitCalendar: route({
    ...PATHS.programme.unitCalendar,
    summary: "A unit's programme as an iCalendar feed to subscribe to",
    params: IdPath,
    response: z.string(),
    produces: ICALENDAR,
    errors: { 404: 'No such unit' },
  }),
  sessionCalendar: route({
    ...PATHS.programme.sessionCalendar,
    summary: 'The session as an iCalendar file',
    params: IdPath,
    response: z.string(),
    produces: ICALENDAR,
    errors: { 404: 'No such session' },
  }),
};
