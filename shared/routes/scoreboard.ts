import { z } from 'zod';
import { route } from '../http.ts';
import { Scoreboard, ScoreboardQuery } from '../schemas/scoreboard.ts';
import { PATHS } from './paths.ts';

export const SCOREBOARD = {
  scoreboard: route({
    ...PATHS.scoreboard.scoreboard,
    summary: "A unit's public scoreboard over a period (calendar days in Asia/Ho_Chi_Minh; the current year by default)",
    query: ScoreboardQuery,
    response: Scoreboard,
  }),
  csv: route({
    ...PATHS.scoreboard.csv,
    summary: "The scoreboard's questions, one row each, as CSV (UTF-8 with BOM)",
    query: ScoreboardQuery,
    response: z.string(),
    produces: 'text/csv',
  }),
};
