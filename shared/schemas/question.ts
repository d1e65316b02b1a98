import { z } from 'zod';
import { ClientKey, Id, IsoDateTime, humanText, lineText } from './common.ts';
import { QUESTION_TEXT_MAX, QUESTION_TEXT_MIN, TRACKING_CODE } from './values.ts';

export { QUESTION_TEXT_MAX, QUESTION_TEXT_MIN, TRACKING_CODE } from './values.ts';

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

export const TrackingCode = z.string().regex(TRACKING_CODE, 'must look like TD-2026-12-0042');
/** A path that names a question by its tracking code: `/api/questions/:code`. */
export const CodePath = z.object({ code: TrackingCode });

/**
 * Why an asker's name may be shown (Law 91/2025/QH15 Art. 16): the asker ticked "publish my name" online, staff
 * recorded their written or spoken consent or a legal basis, or the row predates the rule and was not anonymous.
 */
export const NAME_BASES = ['asker_choice', 'written_consent', 'oral_consent', 'law', 'earlier_form'] as const;
export const NameBasis = z.enum(NAME_BASES);
export type NameBasis = z.infer<typeof NameBasis>;
/** The bases staff may record for a question they enter. */
export const StaffNameBasis = NameBasis.exclude(['asker_choice', 'earlier_form']);

export const QuestionAskInput = z.strictObject({
  sessionId: Id,
  text: humanText({ min: QUESTION_TEXT_MIN, max: QUESTION_TEXT_MAX }),
  name: lineText({ max: 80 }).optional(),
  topic: lineText({ max: 80 }).optional(),
  /** Unticked unless the asker chooses: a name is published only by their explicit choice. */
  publishName: z.boolean().default(false),
  clientKey: ClientKey,
});
export type QuestionAskInput = z.input<typeof QuestionAskInput>;

/** A question staff received elsewhere (hotline, letter, the ward office, a messaging app) and enter for its asker. */
export const StaffQuestionInput = z.strictObject({
  text: humanText({ min: QUESTION_TEXT_MIN, max: QUESTION_TEXT_MAX }),
  name: lineText({ max: 80 }).optional(),
  topic: lineText({ max: 80 }).optional(),
  publishName: z.boolean().default(false),
  /** Required when the name is to be published: what the asker agreed to, or the law that allows it. */
  nameBasis: StaffNameBasis.optional(),
  channel: QuestionChannel.exclude(['online']),
  /** The same case's code in another system, e.g. the city's feedback app. */
  externalRef: lineText({ max: 80 }).optional(),
  clientKey: ClientKey,
}).refine((input) => !input.publishName || (input.name && input.nameBasis), {
  message: 'publishing a name needs the name and the basis on which it is shown',
  path: ['nameBasis'],
});
export type StaffQuestionInput = z.infer<typeof StaffQuestionInput>;

/** What anybody may see of an approved question: a name only when its asker chose to publish it. */
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

/** A draft question, to find the approved ones like it before it is sent. */
export const SimilarQuery = z.object({ text: z.string().max(QUESTION_TEXT_MAX) });

/** The asker's own view: includes pending and rejected questions with the reason. */
export const OwnQuestion = PublicQuestion.extend({
  rejectReason: RejectReason.nullable(),
  rejectNote: z.string().nullable(),
  /** The name as the asker gave it, and whether it is shown to the public. */
  name: z.string().nullable(),
  namePublished: z.boolean(),
});
export type OwnQuestion = z.infer<typeof OwnQuestion>;

/**
 * The staff view: the original text when edited, and the asker's name only when published; a name held but not
 * published is read one question at a time, and each reading is audited.
 */
export const StaffQuestion = OwnQuestion.omit({ name: true }).extend({
  askerName: z.string().nullable(),
  askerNameHidden: z.boolean(),
  nameBasis: NameBasis.nullable(),
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
