import { Router, type Request } from 'express';
import { AppError } from '../../shared/errors.ts';
import { PROGRAMME } from '../../shared/routes/programme.ts';
import type { Database } from '../core/db/database.ts';
import { serve } from '../http/route.ts';
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

  serve(router, PROGRAMME.units, () => listUnits(db));

  serve(router, PROGRAMME.page, async ({ params }) => {
    const unit = await findUnit(db, params.id);
    if (!unit) throw new AppError('not_found', `unit ${params.id} does not exist`);
    return { ...(await programme.get(unit.id)), unitName: unit.name, sessions: await publicSessions(db, unit.id) };
  });

  serve(router, PROGRAMME.save, ({ body }, { actor }) => programme.save(actor, body));

  serve(router, PROGRAMME.generate, ({ body }, { actor }) => programme.generate(actor, body));

  serve(router, PROGRAMME.unitCalendar, async ({ params }, { req, res }) => {
    const unit = await findUnit(db, params.id);
    if (!unit) throw new AppError('not_found', `unit ${params.id} does not exist`);
    const all = await publicSessions(db, unit.id);
    res.type('text/calendar; charset=utf-8').send(toICalendar({ name: unit.name, sessions: all, baseUrl: baseUrl(req), now: clock() }));
  });

  serve(router, PROGRAMME.sessionCalendar, async ({ params }, { actor, req, res }) => {
    const session = await sessions.getVisible(actor, params.id);
    res
      .type('text/calendar; charset=utf-8')
      .attachment(`toa-dam-${session.id}.ics`)
      .send(toICalendar({ name: session.unitName, sessions: [session], baseUrl: baseUrl(req), now: clock() }));
  });

  return router;
}
