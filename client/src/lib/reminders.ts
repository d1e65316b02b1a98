import type { ReminderInput, ReminderStatus } from '../../../shared/schemas/notify.ts';
import { request } from './api.ts';

/** The programme page's "remind me" of one session: the caller's own reminder, by e-mail. */
export const remindersApi = {
  mine: (sessionId: number) => request<ReminderStatus>('GET', `/api/sessions/${sessionId}/reminder`),
  ask: (sessionId: number, input: ReminderInput) => request<ReminderStatus>('PUT', `/api/sessions/${sessionId}/reminder`, input),
  verify: (sessionId: number, code: string) => request<ReminderStatus>('POST', `/api/sessions/${sessionId}/reminder/verify`, { code }),
};
