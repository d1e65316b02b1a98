import { z } from 'zod';
import { Day } from './followup.ts';
import { Id, IdParam, IsoDateTime, humanText, lineText } from './common.ts';
import { OwnQuestion } from './question.ts';

/** How residents reach the unit that controls their data (Law 91/2025/QH15 Art. 9: who controls it). */
export const UnitContact = z.object({
  contactAddress: z.string(),
  contactPhone: z.string(),
  contactEmail: z.string(),
});
export type UnitContact = z.infer<typeof UnitContact>;

export const UnitContactInput = z.strictObject({
  contactAddress: lineText({ max: 200 }),
  contactPhone: lineText({ max: 40 }),
  contactEmail: z.union([z.literal(''), z.email().max(120)]),
});
export type UnitContactInput = z.infer<typeof UnitContactInput>;

/** What the privacy notice page fills in: the controller and the figures the platform enforces. */
export const PrivacyNotice = z.object({
  unit: UnitContact.extend({ id: Id, name: z.string() }),
  retentionMonths: z.number().int().positive(),
  requestWorkingDays: z.number().int().positive(),
});
export type PrivacyNotice = z.infer<typeof PrivacyNotice>;
/** The notice of one unit; the first unit's when none is named. */
export const PrivacyNoticeQuery = z.object({ unit: IdParam.optional() });
/** `download=1` sends the same JSON as a file to keep. */
export const MyDataQuery = z.object({ download: z.literal('1').optional() });

/** Everything the platform holds about one browser's resident id, as it sends it to that browser. */
export const MyData = z.object({
  exportedAt: IsoDateTime,
  questions: z.array(
    OwnQuestion.extend({
      nameBasis: z.string().nullable(),
      originalText: z.string().nullable(),
      rating: z.string().nullable(),
      ratingComment: z.string().nullable(),
      reopenReason: z.string().nullable(),
    }),
  ),
  votes: z.array(z.object({ questionId: Id, sessionId: Id, trackingCode: z.string(), text: z.string() })),
  pollVotes: z.array(z.object({ pollId: Id, sessionId: Id, question: z.string(), option: z.string() })),
  stage: z.array(z.object({ sessionId: Id, raisedAt: z.string().nullable(), invitedAt: z.string().nullable() })),
});
export type MyData = z.infer<typeof MyData>;

/** Erasing is not undone: the body must say so. */
export const EraseInput = z.strictObject({ confirm: z.literal(true) });

export const ErasureResult = z.object({
  questionsRemoved: z.number().int().nonnegative(),
  questionsKept: z.number().int().nonnegative(),
  votesRemoved: z.number().int().nonnegative(),
  pollVotesRemoved: z.number().int().nonnegative(),
});
export type ErasureResult = z.infer<typeof ErasureResult>;

export const PRIVACY_REQUEST_KINDS = ['access', 'correct', 'erase', 'restrict', 'object', 'withdraw_consent', 'other'] as const;
export const PRIVACY_REQUEST_CHANNELS = ['letter', 'office', 'hotline', 'email', 'other'] as const;
/** Decree 356/2025: a data subject's request is handled within two working days of its receipt. */
export const PRIVACY_REQUEST_WORKING_DAYS = 2;

export const PrivacyRequestInput = z.strictObject({
  kind: z.enum(PRIVACY_REQUEST_KINDS),
  channel: z.enum(PRIVACY_REQUEST_CHANNELS),
  /** The requester's name and how to answer them. */
  requester: lineText({ min: 2, max: 200 }),
  details: humanText({ max: 1000 }).optional(),
  /** The day it arrived, when earlier than today (a letter opened late); today otherwise. */
  receivedDay: Day.optional(),
});
export type PrivacyRequestInput = z.infer<typeof PrivacyRequestInput>;

export const PrivacyRequestDoneInput = z.strictObject({ outcome: humanText({ min: 2, max: 500 }) });

export const PrivacyRequest = z.object({
  id: Id,
  kind: z.enum(PRIVACY_REQUEST_KINDS),
  channel: z.enum(PRIVACY_REQUEST_CHANNELS),
  requester: z.string(),
  details: z.string(),
  receivedDay: Day,
  dueDay: Day,
  doneAt: IsoDateTime.nullable(),
  outcome: z.string().nullable(),
  overdue: z.boolean(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

export const AskerName = z.object({ questionId: Id, name: z.string().nullable() });
export type AskerName = z.infer<typeof AskerName>;
