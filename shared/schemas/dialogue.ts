import { z } from 'zod';
import { Id, IsoDateTime, humanText, lineText } from './common.ts';

/**
 * The results of a dialogue with residents, published within 10 days after it ends (Law on Organisation of Local
 * Government 2025, Art. 43): the minutes with each question's fate, the commitments and the poll results, signed off
 * by the secretary and the chair, posted at the Committee's headquarters and sent to the residential groups.
 */
export const SessionResults = z.object({
  sessionId: Id,
  dueAt: IsoDateTime,
  summary: z.string(),
  /** The villages and residential groups (tổ dân phố) whose heads were sent the results. */
  groups: z.array(z.string()),
  secretarySignedBy: z.string().nullable(),
  secretarySignedAt: IsoDateTime.nullable(),
  chairSignedBy: z.string().nullable(),
  chairSignedAt: IsoDateTime.nullable(),
  publishedAt: IsoDateTime.nullable(),
});
export type SessionResults = z.infer<typeof SessionResults>;

export const ResultsDraftInput = z.strictObject({
  summary: humanText({ max: 8000 }),
  groups: z.array(lineText({ min: 1, max: 120 })).max(200),
});
export type ResultsDraftInput = z.infer<typeof ResultsDraftInput>;

export const SIGNATORIES = ['secretary', 'chair'] as const;
export const Signatory = z.enum(SIGNATORIES);
export type Signatory = z.infer<typeof Signatory>;
export const ResultsSignInput = z.strictObject({ as: Signatory });

/** A result the unit still owes: shown to its staff with the day it is due. */
export const ResultsDue = z.object({ sessionId: Id, title: z.string(), theme: z.string(), dueAt: IsoDateTime, overdue: z.boolean() });
export type ResultsDue = z.infer<typeof ResultsDue>;

export const DIALOGUE_REQUEST_STATUSES = ['open', 'accepted', 'declined'] as const;
export const DialogueRequestStatus = z.enum(DIALOGUE_REQUEST_STATUSES);
export type DialogueRequestStatus = z.infer<typeof DialogueRequestStatus>;

/** Residents asking for a dialogue on a theme; at least 10% of the unit's voters may require one (Art. 43). */
export const DialogueRequest = z.object({
  id: Id,
  unitId: Id,
  theme: z.string(),
  reason: z.string(),
  status: DialogueRequestStatus,
  outcome: z.string().nullable(),
  sessionId: Id.nullable(),
  backers: z.number().int().nonnegative(),
  backedByMe: z.boolean(),
  createdAt: IsoDateTime,
  decidedAt: IsoDateTime.nullable(),
});
export type DialogueRequest = z.infer<typeof DialogueRequest>;

export const DialogueRequestList = z.object({
  /** The unit's number of voters as its administrator set it; null until set. */
  voterCount: z.number().int().positive().nullable(),
  /** Backers needed to reach 10% of the voters; null while the voter count is unknown. */
  threshold: z.number().int().positive().nullable(),
  requests: z.array(DialogueRequest),
});
export type DialogueRequestList = z.infer<typeof DialogueRequestList>;

export const DialogueRequestInput = z.strictObject({
  theme: lineText({ min: 10, max: 200 }),
  reason: humanText({ max: 2000 }).default(''),
});
export type DialogueRequestInput = z.infer<typeof DialogueRequestInput>;

export const DialogueRequestDecision = z.strictObject({
  status: z.enum(['accepted', 'declined']),
  outcome: humanText({ min: 10, max: 2000 }),
  sessionId: Id.nullable().default(null),
});
export type DialogueRequestDecision = z.infer<typeof DialogueRequestDecision>;

export const VoterCountInput = z.strictObject({ voterCount: z.number().int().positive().max(10_000_000) });
export const VoterCount = z.object({ voterCount: z.number().int().positive(), threshold: z.number().int().positive() });
