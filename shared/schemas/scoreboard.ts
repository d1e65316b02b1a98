import { z } from 'zod';
import { Id, IdParam } from './common.ts';
import { Day } from './followup.ts';

export const ScoreLine = z.object({
  questionsReceived: z.number().int(),
  answeredLive: z.number().int(),
  answeredInWriting: z.number().int(),
  answeredOnTime: z.number().int(),
  /** Share of written answers given by their due day, 0–100, or null when there were none. */
  onTimePercent: z.number().nullable(),
  /** Median working days from receipt to written answer. */
  medianWorkingDaysToAnswer: z.number().nullable(),
  overdueNow: z.number().int(),
  /** Questions of ended sessions left pending or approved with no fate yet: waiting for the follow-up desk. */
  awaitingDecision: z.number().int(),
  ratings: z.object({ satisfied: z.number().int(), partly: z.number().int(), not_satisfied: z.number().int() }),
  /** Share of rated answers rated "satisfied", 0–100, or null when none was rated. */
  satisfiedPercent: z.number().nullable(),
});
export type ScoreLine = z.infer<typeof ScoreLine>;

/** A unit and a period of calendar days in Hanoi; the current year when either end is left out. */
export const ScoreboardQuery = z.object({ unit: IdParam, from: Day.optional(), to: Day.optional() });

export const Scoreboard = ScoreLine.extend({
  unitId: Id,
  from: Day,
  to: Day,
  sessionsHeld: z.number().int(),
  /** Dialogues' results reports (Art. 43): due in the period (or published), and published within their 10 days. */
  results: z.object({ due: z.number().int(), onTime: z.number().int() }),
  /** Promises made on air in the period: made, kept, and open past their due day now. */
  commitments: z.object({ made: z.number().int(), kept: z.number().int(), overdueNow: z.number().int() }),
  departments: z.array(ScoreLine.extend({ department: z.string() })),
});
export type Scoreboard = z.infer<typeof Scoreboard>;
