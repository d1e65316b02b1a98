import { z } from 'zod';
import { Id, humanText, lineText } from './common.ts';
import { Day } from './followup.ts';

export const PollCreateInput = z
  .strictObject({
    sessionId: Id,
    question: humanText({ min: 5, max: 300 }),
    options: z.array(lineText({ min: 1, max: 120 })).min(2).max(10),
    multiple: z.boolean().default(false),
    themePoll: z.boolean().default(false),
  })
  .refine((p) => new Set(p.options).size === p.options.length, { message: 'options must differ', path: ['options'] });
export type PollCreateInput = z.input<typeof PollCreateInput>;

export const PollRef = z.strictObject({ pollId: Id });
export const PollVoteInput = z.strictObject({ pollId: Id, optionIds: z.array(Id).max(10) });
export type PollVoteInput = z.infer<typeof PollVoteInput>;

export const Poll = z.object({
  id: Id,
  sessionId: Id,
  question: z.string(),
  multiple: z.boolean(),
  themePoll: z.boolean(),
  status: z.enum(['draft', 'open', 'closed']),
  revision: z.number().int(),
  options: z.array(z.object({ id: Id, label: z.string(), votes: z.number().int() })),
  voters: z.number().int(),
});
export type Poll = z.infer<typeof Poll>;

export const CommitmentInput = z.strictObject({
  /** The transcript segment where it was said, or else a moment of the recording. */
  segmentId: Id.optional(),
  atMs: z.number().int().nonnegative().optional(),
  text: humanText({ min: 10, max: 1000 }),
  owner: lineText({ min: 2, max: 160 }),
  dueDay: Day,
});
export type CommitmentInput = z.infer<typeof CommitmentInput>;
export const KeptInput = z.strictObject({ note: z.string().trim().min(5).max(1000) });

export const Commitment = z.object({
  id: Id,
  sessionId: Id,
  segmentId: Id.nullable(),
  atMs: z.number().int(),
  text: z.string(),
  owner: z.string(),
  dueDay: Day,
  status: z.enum(['open', 'kept']),
  keptAt: z.string().nullable(),
  keptNote: z.string().nullable(),
  overdue: z.boolean(),
});
export type Commitment = z.infer<typeof Commitment>;
