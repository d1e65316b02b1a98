import { Router, type Request } from 'express';
import { AppError } from '../../shared/errors.ts';
import { IdParam } from '../../shared/schemas/common.ts';
import { GenerateInput, ProgrammeInput } from '../../shared/schemas/programme.ts';
import type { Database } from '../core/db/database.ts';
import { parseWith } from '../http/validate.ts';
import type { Clock } from '../core/clock.ts';
import { publicSessions } from '../sessions/sessions.repository.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { findUnit, listUnits } from '../units/units.repository.ts';
import { toICalendar } from './ical.ts';
import type { ProgrammeService } from './programme.service.ts';

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function programmeRoutes(deps: { db: Database; clock: Clock; programme: ProgrammeService; sessions: SessionsService }): Router {
  const { db, clock, programme, sessions } = deps;
  const router = Router();

  router.get('/api/units', async (_req, res) => {
    res.json(await listUnits(db));
  });

  router.get('/api/units/:id/programme', async (req, res) => {
    const unit = await findUnit(db, parseWith(IdParam, req.params.id));
    if (!unit) throw new AppError('not_found', `unit ${req.params.id} does not exist`);
    res.json({ ...(await programme.get(unit.id)), unitName: unit.name, sessions: await publicSessions(db, unit.id) });
  });

  router.put('/api/admin/programme', async (req, res) => {
    res.json(await programme.save(res.locals.actor, parseWith(ProgrammeInput, req.body)));
  });

  router.post('/api/admin/programme/generate', async (req, res) => {
    res.status(201).json(await programme.generate(res.locals.actor, parseWith(GenerateInput, req.body)));
  });

  router.get('/api/units/:id/calendar.ics', async (req, res) => {
    const unit = await findUnit(db, parseWith(IdParam, req.params.id));
    if (!unit) throw new AppError('not_found', `unit ${req.params.id} does not exist`);
    const all = await publicSessions(db, unit.id);
    res.type('text/calendar; charset=utf-8').send(toICalendar({ name: unit.name, sessions: all, baseUrl: baseUrl(req), now: clock() }));
  });

  router.get('/api/sessions/:id/calendar.ics', async (req, res) => {
    const session = await sessions.getVisible(res.locals.actor, parseWith(IdParam, req.params.id));
    res
      .type('text/calendar; charset=utf-8')
      .attachment(`toa-dam-${session.id}.ics`)
      .send(toICalendar({ name: session.unitName, sessions: [session], baseUrl: baseUrl(req), now: clock() }));
  });

  return router;
}
