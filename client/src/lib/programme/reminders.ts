import type { ReminderInput } from '../../../../shared/schemas/notify.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';

/** The programme page's "remind me" of one session: the caller's own reminder, by e-mail. */
export const remindersApi = {
  mine: (sessionId: number) => call(PATHS.reminders.mine, { params: { id: sessionId } }),
  ask: (sessionId: number, input: ReminderInput) => call(PATHS.reminders.ask, { params: { id: sessionId }, body: input }),
  verify: (sessionId: number, code: string) => call(PATHS.reminders.verify, { params: { id: sessionId }, body: { code } }),
};
