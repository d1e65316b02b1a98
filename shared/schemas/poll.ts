import { z } from 'zod';
import { Id, humanText, lineText } from './common.ts';

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
