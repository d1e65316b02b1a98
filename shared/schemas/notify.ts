import { z } from 'zod';
import { CONTACT_CHANNELS } from './values.ts';

export { CONTACT_CHANNELS };

export const ContactChannel = z.enum(CONTACT_CHANNELS);
export type ContactChannel = z.infer<typeof ContactChannel>;

const Email = z.email().max(254);
/** A Vietnamese mobile number, written 0xxxxxxxxx or +84xxxxxxxxx; kept as 84xxxxxxxxx, the form ZNS and gateways take. */
const VnPhone = z
  .string()
  .trim()
  .regex(/^(\+?84|0)[35789]\d{8}$/, 'must be a Vietnamese mobile number such as 0912345678')
  .transform((s) => `84${s.replace(/^(\+?84|0)/, '')}`);

/** One contact for one question's news, with the consent given in the same place (Law 91/2025/QH15 Art. 9). */
export const ContactInput = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('email'), address: Email, lang: z.enum(['vi', 'en']).default('vi'), consent: z.literal(true) }),
  z.strictObject({ channel: z.enum(['zalo', 'sms']), address: VnPhone, lang: z.enum(['vi', 'en']).default('vi'), consent: z.literal(true) }),
]);
export type ContactInput = z.infer<typeof ContactInput>;

/** A reminder of a session on the programme page: by e-mail, the day before and an hour before, with consent here. */
export const ReminderInput = z.strictObject({ address: Email, lang: z.enum(['vi', 'en']).default('vi'), consent: z.literal(true) });
export type ReminderInput = z.infer<typeof ReminderInput>;

/** The caller's own reminder of one session, its address masked. */
export const ReminderStatus = z.object({ masked: z.string(), verified: z.boolean() }).nullable();
export type ReminderStatus = z.infer<typeof ReminderStatus>;

export const VerifyInput = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the six digits sent to you') });
export type VerifyInput = z.infer<typeof VerifyInput>;

export const StopToken = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/);

/** What a resident can be told about their question. */
export const NEWS_KINDS = ['approved', 'rejected', 'on_stage', 'answered_live', 'assigned', 'handed_over', 'answered_written', 'overdue'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

/** What the tracking page and staff see of a question's contact and news: the address masked, never in full. */
export const NotifyStatus = z.object({
  contact: z.object({ channel: ContactChannel, masked: z.string(), verified: z.boolean(), stopped: z.boolean() }).nullable(),
  deliveries: z.array(
    z.object({
      kind: z.enum(NEWS_KINDS),
      state: z.enum(['pending', 'sending', 'sent', 'dead']),
      channel: ContactChannel.nullable(),
      sentAt: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type NotifyStatus = z.infer<typeof NotifyStatus>;

/** A notification given up on, as staff of the question's unit see it: the contact masked, the reason in full. */
export const DeadLetter = z.object({
  id: z.number().int(),
  questionId: z.number().int(),
  trackingCode: z.string(),
  kind: z.enum([...NEWS_KINDS, 'verify']),
  channel: ContactChannel.nullable(),
  masked: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
