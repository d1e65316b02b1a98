import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { ContactInput, DeadLetter, NotifyStatus, StopToken, VerifyInput } from '../schemas/notify.ts';
import { CodePath } from '../schemas/question.ts';
import { PATHS } from './paths.ts';

const STOP_TOKEN = z.object({ token: StopToken });
const TOO_MANY = { 429: 'Too many contacts or codes from this resident or address' } as const;

/** News of a question to the contact its asker left: e-mail, Zalo or SMS. */
export const NOTIFY = {
  leaveContact: route({
    ...PATHS.notify.leaveContact,
    summary: 'The asker leaves a contact for news of their question (a code is sent to confirm it)',
    params: IdPath,
    body: ContactInput,
    response: NotifyStatus,
    errors: { 403: 'Only the asker may do this', 404: 'No such question' },
  }),
  verify: route({
    ...PATHS.notify.verify,
    summary: 'The asker confirms their contact with the code sent to it',
    params: IdPath,
    body: VerifyInput,
    response: NotifyStatus,
    errors: { 403: 'Only the asker may do this', 404: 'No such question', 409: 'Wrong or expired code' },
  }),
  staffContact: route({
    ...PATHS.notify.staffContact,
    summary: 'Staff leave the contact of a question they entered from another channel',
    params: IdPath,
    body: ContactInput,
    response: NotifyStatus,
    errors: { ...STAFF_ONLY, 404: 'No such question' },
  }),
  forStaff: route({
    ...PATHS.notify.forStaff,
    summary: "A question's contact (masked) and the news sent to it, with delivery errors",
    params: IdPath,
    response: NotifyStatus,
    errors: { ...STAFF_ONLY, 404: 'No such question' },
  }),
  byCode: route({
    ...PATHS.notify.byCode,
    summary: "A question's news as its tracking page shows it: the contact masked, no errors",
    params: CodePath,
    response: NotifyStatus,
    errors: { 404: 'No question has this tracking code' },
  }),
  contactByCode: route({
    ...PATHS.notify.contactByCode,
    summary: "Whoever holds a public question's tracking code leaves a contact for its news (a code is sent to confirm it)",
    params: CodePath,
    body: ContactInput,
    response: NotifyStatus,
    errors: { 404: 'No question has this tracking code', 409: 'Someone is already told its news, or it is not public yet', ...TOO_MANY },
  }),
  verifyByCode: route({
    ...PATHS.notify.verifyByCode,
    summary: 'Confirms a contact left by tracking code with the code sent to it',
    params: CodePath,
    body: VerifyInput,
    response: NotifyStatus,
    errors: { 404: 'No contact was left by this tracking code', ...TOO_MANY },
  }),
  deadLetters: route({
    ...PATHS.notify.deadLetters,
    summary: "The notifications of the staff member's unit given up on, with each one's reason",
    response: z.array(DeadLetter),
    errors: STAFF_ONLY,
  }),
  retry: route({
    ...PATHS.notify.retry,
    summary: 'Sends a dead letter again from its first attempt',
    params: IdPath,
    response: DeadLetter,
    errors: { ...STAFF_ONLY, 404: 'No such notification', 409: 'Not a dead letter, or its contact was stopped or deleted' },
  }),
  stopPage: route({
    ...PATHS.notify.stopPage,
    summary: 'The link in every message: a page whose button stops the news (a mail scanner that follows it stops nothing)',
    params: STOP_TOKEN,
    response: z.string(),
    produces: 'text/html',
    errors: { 404: 'The link is no longer valid' },
  }),
  stop: route({
    ...PATHS.notify.stop,
    summary: "Stops a question's news, or deletes a reminder: the stop page's button, or a mail client's one-click unsubscribe (RFC 8058)",
    description: 'Needs no cookie and no Origin: the token in the path is all it takes. A body (`List-Unsubscribe=One-Click`) is ignored.',
    params: STOP_TOKEN,
    response: z.string(),
    produces: 'text/html',
    errors: { 404: 'The link is no longer valid' },
  }),
};
