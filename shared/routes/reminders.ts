import { route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { ReminderInput, ReminderStatus, VerifyInput } from '../schemas/notify.ts';
import { PATHS } from './paths.ts';

const ERRORS = { 404: 'No such session', 429: 'Too many reminder requests from this resident or address' } as const;

/** The programme page's "remind me": the caller's own e-mail reminder of one session. */
export const REMINDERS = {
  mine: route({
    ...PATHS.reminders.mine,
    summary: "The caller's reminder of a session, its address masked; null when there is none",
    params: IdPath,
    response: ReminderStatus,
    errors: { 404: 'No such session' },
  }),
  ask: route({
    ...PATHS.reminders.ask,
    summary: 'Asks for an e-mail the day before and an hour before a session (a code is sent to confirm the address)',
    params: IdPath,
    body: ReminderInput,
    response: ReminderStatus,
    errors: { ...ERRORS, 409: 'The session has already started' },
  }),
  verify: route({
    ...PATHS.reminders.verify,
    summary: "Confirms a reminder's address with the code sent to it",
    params: IdPath,
    body: VerifyInput,
    response: ReminderStatus,
    errors: { ...ERRORS, 404: 'No reminder of this session was asked for' },
  }),
};
