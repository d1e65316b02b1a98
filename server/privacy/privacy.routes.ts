import { Router } from 'express';
import { z } from 'zod';
import { IdParam } from '../../shared/schemas/common.ts';
import { EraseInput, PrivacyRequestDoneInput, PrivacyRequestInput, UnitContactInput } from '../../shared/schemas/privacy.ts';
import { issueResidentId } from '../http/middleware.ts';
import { parseWith } from '../http/validate.ts';
import type { Notice } from '../core/notices.ts';
import type { TallyCoalescer } from '../realtime/tally-coalescer.ts';
import type { PrivacyService } from './privacy.service.ts';

const NoticeQuery = z.object({ unit: IdParam.optional() });
const DataQuery = z.object({ download: z.literal('1').optional() });

export function privacyRoutes(deps: {
  privacy: PrivacyService;
  secret: string;
  publish: (notices: Notice[]) => void;
  tally: TallyCoalescer;
  pollTally: TallyCoalescer;
  /** Closes the sockets opened under a resident id that has just been forgotten. */
  forgetResident: (residentId: string) => void;
}): Router {
  const { privacy, secret, publish, tally, pollTally, forgetResident } = deps;
  const router = Router();

  router.get('/api/privacy', async (req, res) => {
    res.json(await privacy.notice(parseWith(NoticeQuery, req.query).unit));
  });

  router.put('/api/admin/unit/contact', async (req, res) => {
    res.json(await privacy.saveContact(res.locals.actor, parseWith(UnitContactInput, req.body)));
  });

  router.get('/api/me/data', async (req, res) => {
    const { download } = parseWith(DataQuery, req.query);
    const data = await privacy.myData(res.locals.actor);
    res.set('Cache-Control', 'no-store');
    if (download) res.attachment('toa-dam-du-lieu-cua-toi.json');
    res.json(data);
  });

  router.post('/api/me/erase', async (req, res) => {
    parseWith(EraseInput, req.body);
    const old = res.locals.actor.residentId;
    const erasure = await privacy.erase(res.locals.actor);
    // The old id is forgotten: this browser carries on under a new one.
    issueResidentId(req, res, secret);
    res.json(erasure.result);
    publish(erasure.notices);
    for (const { sessionId, questionId } of erasure.votesChanged) tally.mark(sessionId, questionId);
    for (const { sessionId, pollId } of erasure.pollsChanged) pollTally.mark(sessionId, pollId);
    forgetResident(old);
  });

  router.post('/api/staff/questions/:id/asker-name', async (req, res) => {
    res.json(await privacy.readAskerName(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.get('/api/staff/privacy-requests', async (_req, res) => {
    res.json(await privacy.listRequests(res.locals.actor));
  });

  router.post('/api/staff/privacy-requests', async (req, res) => {
    res.status(201).json(await privacy.recordRequest(res.locals.actor, parseWith(PrivacyRequestInput, req.body)));
  });

  router.post('/api/staff/privacy-requests/:id/done', async (req, res) => {
    const { outcome } = parseWith(PrivacyRequestDoneInput, req.body);
    res.json(await privacy.closeRequest(res.locals.actor, parseWith(IdParam, req.params.id), outcome));
  });

  return router;
}
