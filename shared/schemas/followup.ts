import { z } from 'zod';
import { Id, IsoDateTime, humanText, lineText } from './common.ts';
import { PublicQuestion } from './question.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, CLOSE_REASONS, RATINGS } from './values.ts';

export { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, CLOSE_REASONS, RATINGS } from './values.ts';

export const URGENCIES = ['urgent', 'normal', 'complex'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

export const CloseReason = z.enum(CLOSE_REASONS);

export const Rating = z.enum(RATINGS);
export type Rating = z.infer<typeof Rating>;

export const Day = z.iso.date();

export const AssignInput = z.strictObject({
  departmentId: Id,
  urgency: Urgency,
  /** Why the question goes to this department; required when it is handed over from another. */
  reason: humanText({ max: 500 }).optional(),
});
export type AssignInput = z.infer<typeof AssignInput>;

export const CloseInput = z.strictObject({ reason: CloseReason, note: humanText({ max: 500 }).optional() });
export type CloseInput = z.infer<typeof CloseInput>;

/** JSON, or the text field of a multipart/form-data answer whose file part `attachment` is the attachment. */
export const AnswerInput = z.strictObject({
  text: humanText({ min: 10, max: 10_000 }),
});
export type AnswerInput = z.infer<typeof AnswerInput>;

export const RateInput = z.strictObject({ rating: Rating, comment: humanText({ max: 1000 }).optional() });
export type RateInput = z.infer<typeof RateInput>;

export const ReopenInput = z.strictObject({ reason: humanText({ min: 10, max: 1000 }) });
export type ReopenInput = z.infer<typeof ReopenInput>;

/** The most of their own questions a resident's list shows, newest first. */
export const MY_QUESTIONS_MAX = 200;

/** The asker's questions whose new answers were shown; as many as the list shows at most. */
export const SeenInput = z.strictObject({ questionIds: z.array(Id).min(1).max(MY_QUESTIONS_MAX, `at most ${MY_QUESTIONS_MAX} questions at a time`) });
export type SeenInput = z.infer<typeof SeenInput>;

export const DepartmentInput = z.strictObject({ name: lineText({ min: 2, max: 160 }) });
export const Department = z.object({ id: Id, name: z.string() });
export type Department = z.infer<typeof Department>;

export const AllowancesInput = z.strictObject({
  urgent: z.number().int().min(1).max(90),
  normal: z.number().int().min(1).max(90),
  complex: z.number().int().min(1).max(90),
});
export type Allowances = z.infer<typeof AllowancesInput>;

export const CalendarDayInput = z.strictObject({ date: Day, kind: z.enum(['holiday', 'working']), name: lineText({ min: 2, max: 120 }) });
/** A year of the working-day calendar, as its path names it. */
export const CalendarYear = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
/** A day off on a weekday, or a weekend day worked in a swap. */
export const CalendarDay = z.object({ date: Day, kind: z.enum(['holiday', 'working']), name: z.string() });

export const FollowupEvent = z.object({
  kind: z.string(),
  at: IsoDateTime,
  fromDepartment: z.string().nullable(),
  toDepartment: z.string().nullable(),
  reason: z.string().nullable(),
});

export const FollowupView = z.object({
  question: PublicQuestion,
  fate: z.enum(['written', 'merged', 'closed']).nullable(),
  status: z.enum(['assigned', 'answered', 'closed']).nullable(),
  department: z.string().nullable(),
  urgency: Urgency.nullable(),
  receivedAt: IsoDateTime.nullable(),
  dueDay: Day.nullable(),
  overdue: z.boolean(),
  closeReason: z.string().nullable(),
  answer: z
    .object({
      text: z.string(),
      answeredAt: IsoDateTime,
      attachment: z.object({ name: z.string(), url: z.string(), mime: z.string(), size: z.number().int() }).nullable(),
    })
    .nullable(),
  rating: Rating.nullable(),
  ratingComment: z.string().nullable(),
  reopened: z.boolean(),
  /** When the question was merged, the question whose fate it follows. */
  mergedInto: z.string().nullable(),
  /** The case's code in the system a staff-entered question came from, so the asker can match the two. */
  externalRef: z.string().nullable(),
  /** The written answer came after its due day. */
  answeredLate: z.boolean(),
  /** From the moment it was asked: asked, approved, on stage, answered live, then every step of its follow-up. */
  history: z.array(FollowupEvent),
});
export type FollowupView = z.infer<typeof FollowupView>;

/** The asker's view of one of their questions: its fate, and whether its answer is new since they last looked. */
export const MyFollowup = FollowupView.extend({ newAnswer: z.boolean() });
export type MyFollowup = z.infer<typeof MyFollowup>;

/** What staff must act on: follow-ups past their due day, those due within days, and how many are open. */
export const FollowupDashboard = z.object({ overdue: z.array(FollowupView), dueSoon: z.array(FollowupView), open: z.number().int() });
export type FollowupDashboard = z.infer<typeof FollowupDashboard>;
