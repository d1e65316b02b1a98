import { z } from 'zod';
import { Id, humanText, lineText } from './common.ts';
import { Day } from './followup.ts';

/** A promise an official made during a session, tied to the moment it was said. */
export const CommitmentInput = z.strictObject({
  /** The transcript segment where it was said, or else a moment of the recording. */
  segmentId: Id.optional(),
  atMs: z.number().int().nonnegative().optional(),
  text: humanText({ min: 10, max: 1000 }),
  owner: lineText({ min: 2, max: 160 }),
  dueDay: Day,
});
export type CommitmentInput = z.infer<typeof CommitmentInput>;

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
