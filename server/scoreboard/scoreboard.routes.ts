import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import { Day } from '../../shared/schemas/followup.ts';
import { IdParam } from '../../shared/schemas/common.ts';
import { parseWith } from '../http/validate.ts';
import type { Clock } from '../core/clock.ts';
import type { ScoreboardService } from './scoreboard.service.ts';

const ScoreboardQuery = z.object({ unit: IdParam, from: Day.optional(), to: Day.optional() });

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

export function scoreboardRoutes(deps: { scoreboard: ScoreboardService; clock: Clock }): Router {
  const { scoreboard, clock } = deps;
  const router = Router();

  /** The period defaults to the current year in Hanoi. */
  function period(query: unknown) {
    const { unit, from, to } = parseWith(ScoreboardQuery, query);
    const year = hanoiDay(clock()).slice(0, 4);
    const span = { unit, from: from ?? `${year}-01-01`, to: to ?? `${year}-12-31` };
    if (span.from > span.to) throw new AppError('bad_request', 'from: must not be after to');
    return span;
  }

  router.get('/api/scoreboard', async (req, res) => {
    const { unit, from, to } = period(req.query);
    res.json(await scoreboard.scoreboard(unit, from, to));
  });

  router.get('/api/scoreboard.csv', async (req, res) => {
    const { unit, from, to } = period(req.query);
    const rows = (await scoreboard.rows(unit)).filter((r) => (r.createdDay >= from && r.createdDay <= to) || (r.answeredDay && r.answeredDay >= from && r.answeredDay <= to));
    const header = ['tracking_code', 'session_id', 'created_day', 'status', 'channel', 'department', 'fate', 'followup_status', 'received_day', 'due_day', 'answered_day', 'working_days_to_answer', 'on_time', 'rating', 'session_ended'];
    const lines = rows.map((r) =>
      [r.trackingCode, r.sessionId, r.createdDay, r.status, r.channel, r.department, r.fate, r.followupStatus, r.receivedDay, r.dueDay, r.answeredDay, r.workingDaysToAnswer, r.onTime, r.rating, r.sessionEnded].map(csvCell).join(','),
    );
    res.type('text/csv; charset=utf-8').attachment(`scoreboard-${unit}-${from}-${to}.csv`).send('\uFEFF' + [header.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n');
  });

  return router;
}
