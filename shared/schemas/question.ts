import { z } from 'zod';
import { ClientKey, Id, IsoDateTime, humanText, lineText } from './common.ts';

export const QUESTION_STATUSES = ['pending', 'approved', 'rejected', 'on_stage', 'answered'] as const;
export const QuestionStatus = z.enum(QUESTION_STATUSES);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

export const REJECT_REASONS = ['off_topic', 'duplicate', 'offensive', 'personal_data', 'spam', 'other'] as const;
export const RejectReason = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReason>;

/** Where a question came from: this platform, or a channel staff typed it in from. */
export const QUESTION_CHANNELS = ['online', 'hotline', 'letter', 'office', 'messaging'] as const;
export const QuestionChannel = z.enum(QUESTION_CHANNELS);
export type QuestionChannel = z.infer<typeof QuestionChannel>;

export const TrackingCode = z.string().regex(/^TD-\d{4}-(0[1-9]|1[0-2])-\d{4,6}$/, 'must look like TD-2026-12-0042');

export const QUESTION_TEXT_MIN = 10;
export const QUESTION_TEXT_MAX = 1000;

export const QuestionAskInput = z.strictObject({
  sessionId: Id,
  text: humanText({ min: QUESTION_TEXT_MIN, max: QUESTION_TEXT_MAX }),
  name: lineText({ max: 80 }).optional(),
  topic: lineText({ max: 80 }).optional(),
  anonymous: z.boolean().default(false),
  clientKey: ClientKey,
});
export type QuestionAskInput = z.input<typeof QuestionAskInput>;

/** A question staff received elsewhere (hotline, letter, the ward office, a messaging app) and enter for its asker. */
export const StaffQuestionInput = z.strictObject({
  text: humanText({ min: QUESTION_TEXT_MIN, max: QUESTION_TEXT_MAX }),
  name: lineText({ max: 80 }).optional(),
  topic: lineText({ max: 80 }).optional(),
  anonymous: z.boolean().default(false),
  channel: QuestionChannel.exclude(['online']),
  /** The same case's code in another system, e.g. the city's feedback app. */
  externalRef: lineText({ max: 80 }).optional(),
  clientKey: ClientKey,
});
export type StaffQuestionInput = z.infer<typeof StaffQuestionInput>;

/** What anybody may see of an approved question: never an anonymous asker's name. */
export const PublicQuestion = z.object({
  id: Id,
  sessionId: Id,
  text: z.string(),
  authorName: z.string().nullable(),
  topic: z.string().nullable(),
  status: QuestionStatus,
  votes: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  stagedAt: IsoDateTime.nullable(),
  answeredAt: IsoDateTime.nullable(),
  trackingCode: z.string(),
  channel: QuestionChannel,
  /** Set when a moderator merged this question into another: its votes and its fate follow that one. */
  mergedInto: Id.nullable(),
});
export type PublicQuestion = z.infer<typeof PublicQuestion>;

/** The asker's own view: includes pending and rejected questions with the reason. */
export const OwnQuestion = PublicQuestion.extend({
  rejectReason: RejectReason.nullable(),
  rejectNote: z.string().nullable(),
  anonymous: z.boolean(),
});
export type OwnQuestion = z.infer<typeof OwnQuestion>;

/** The staff view: the asker's real name even when anonymous, the original text when edited. */
export const StaffQuestion = OwnQuestion.extend({
  askerName: z.string().nullable(),
  originalText: z.string().nullable(),
  /** The case's code in the system staff received it from (a hotline log, the city's feedback app). */
  externalRef: z.string().nullable(),
  residentTag: z.string(),
});
export type StaffQuestion = z.infer<typeof StaffQuestion>;

export const MODERATION_ACTIONS = ['approve', 'reject', 'edit', 'stage', 'unstage', 'answer', 'reopen', 'requeue', 'merge'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

const target = { questionId: Id };
export const QuestionModerateInput = z.discriminatedUnion('action', [
  z.strictObject({ ...target, action: z.literal('approve') }),
  z.strictObject({
    ...target,
    action: z.literal('reject'),
    reason: RejectReason,
    note: humanText({ max: 500 }).optional(),
  }),
  z.strictObject({
    ...target,
    action: z.literal('edit'),
    text: humanText({ min: QUESTION_TEXT_MIN, max: QUESTION_TEXT_MAX }),
    note: humanText({ max: 500 }).optional(),
  }),
  z.strictObject({ ...target, action: z.literal('stage') }),
  z.strictObject({ ...target, action: z.literal('unstage') }),
  z.strictObject({ ...target, action: z.literal('answer') }),
  z.strictObject({ ...target, action: z.literal('reopen') }),
  z.strictObject({ ...target, action: z.literal('requeue') }),
  /** A duplicate: its votes move to the kept question (a resident who voted for both counts once) and its asker follows the kept one. */
  z.strictObject({ ...target, action: z.literal('merge'), intoQuestionId: Id }),
]);
export type QuestionModerateInput = z.infer<typeof QuestionModerateInput>;

export const VoteSetInput = z.strictObject({ questionId: Id, value: z.boolean() });
export type VoteSetInput = z.infer<typeof VoteSetInput>;

export const VoteResult = z.object({ questionId: Id, value: z.boolean(), votes: z.number().int().nonnegative() });
export type VoteResult = z.infer<typeof VoteResult>;

export const AuditEntry = z.object({
  id: Id,
  sessionId: Id.nullable(),
  questionId: Id.nullable(),
  actor: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  at: IsoDateTime,
});
export type AuditEntry = z.infer<typeof AuditEntry>;
