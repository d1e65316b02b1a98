import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { ContactInput, NotifyStatus, StopToken, VerifyInput } from '../schemas/notify.ts';
import { CodePath } from '../schemas/question.ts';
import { PATHS } from './paths.ts';

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
  stop: route({
    ...PATHS.notify.stop,
    summary: "Stops a question's news: the link in every message",
    params: z.object({ token: StopToken }),
    response: z.string(),
    produces: 'text/plain',
    errors: { 404: 'The link is no longer valid' },
  }),
};
