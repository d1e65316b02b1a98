import { z } from 'zod';
import { Id, lineText } from './common.ts';
import { Session } from './session.ts';

export const MonthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

export const MonthlyRuleSchema = z.strictObject({
  nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
  weekday: z.number().int().min(1).max(7),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM'),
  durationMinutes: z.number().int().min(15).max(8 * 60),
  openDaysBefore: z.number().int().min(0).max(60),
});

export const ThemePlanEntry = z.strictObject({ month: MonthKey, theme: lineText({ min: 3, max: 200 }) });

export const ProgrammeInput = z.strictObject({
  rule: MonthlyRuleSchema,
  themes: z.array(ThemePlanEntry).max(36).default([]),
});
export type ProgrammeInput = z.infer<typeof ProgrammeInput>;

export const Programme = z.object({
  unitId: z.number().int(),
  rule: MonthlyRuleSchema.nullable(),
  themes: z.array(ThemePlanEntry),
});
export type Programme = z.infer<typeof Programme>;

export const Unit = z.object({ id: Id, name: z.string() });
export type Unit = z.infer<typeof Unit>;

/** A unit's public programme page: its rule, its theme plan and every announced session. */
export const ProgrammePage = Programme.extend({ unitName: z.string(), sessions: z.array(Session) });
export type ProgrammePage = z.infer<typeof ProgrammePage>;

export const GenerateInput = z.strictObject({
  from: MonthKey,
  months: z.number().int().min(1).max(24),
  /** Title pattern; `{month}` and `{year}` are filled in. */
  title: lineText({ min: 3, max: 200 }).default('Tọa đàm trực tuyến tháng {month}/{year}'),
});
export type GenerateInput = z.infer<typeof GenerateInput>;

/** The sessions generated, and the months left alone because they have one or it would overlap another. */
export const GenerateResult = z.object({
  created: z.array(Session),
  skipped: z.array(z.object({ month: MonthKey, reason: z.enum(['exists', 'overlaps']), sessionId: Id.optional() })),
});
export type GenerateResult = z.infer<typeof GenerateResult>;
