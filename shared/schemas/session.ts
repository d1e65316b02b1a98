import { z } from 'zod';
import { Id, IsoDateTime, humanText, lineText } from './common.ts';

export const SESSION_STATES = ['scheduled', 'open', 'live', 'ended'] as const;
export const SessionState = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionState>;

export const Official = z.object({
  name: lineText({ min: 1, max: 120 }),
  title: lineText({ max: 160 }).default(''),
});
export type Official = z.infer<typeof Official>;

export const Session = z.object({
  id: Id,
  unitId: Id,
  unitName: z.string(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  officials: z.array(Official),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  state: SessionState,
  premoderated: z.boolean(),
});
export type Session = z.infer<typeof Session>;

const sessionFields = {
  title: lineText({ min: 3, max: 200 }),
  theme: lineText({ min: 3, max: 200 }),
  description: humanText({ max: 4000 }).default(''),
  officials: z.array(Official).max(20).default([]),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  premoderated: z.boolean().default(true),
};

function endsAfterStart(value: { startsAt?: string; endsAt?: string }) {
  return !value.startsAt || !value.endsAt || Date.parse(value.endsAt) > Date.parse(value.startsAt);
}
const END_AFTER_START = { message: 'endsAt must be after startsAt', path: ['endsAt'] };

export const SessionCreateInput = z.strictObject(sessionFields).refine(endsAfterStart, END_AFTER_START);
export type SessionCreateInput = z.infer<typeof SessionCreateInput>;

export const SessionUpdateInput = z
  .strictObject({
    title: sessionFields.title,
    theme: sessionFields.theme,
    description: humanText({ max: 4000 }),
    officials: z.array(Official).max(20),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    premoderated: z.boolean(),
  })
  .partial()
  .refine(endsAfterStart, END_AFTER_START);
export type SessionUpdateInput = z.infer<typeof SessionUpdateInput>;

export const SessionRef = z.strictObject({ sessionId: Id });
export type SessionRef = z.infer<typeof SessionRef>;

export const SessionTransitionInput = z.strictObject({ sessionId: Id, to: SessionState });
export type SessionTransitionInput = z.infer<typeof SessionTransitionInput>;

export const SessionList = z.object({ upcoming: z.array(Session), past: z.array(Session) });
export type SessionList = z.infer<typeof SessionList>;
