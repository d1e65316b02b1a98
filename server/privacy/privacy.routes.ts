import { Router } from 'express';
import { PRIVACY } from '../../shared/routes/privacy.ts';
import { issueResidentId } from '../http/middleware.ts';
import { serve } from '../http/route.ts';
import type { Notice } from '../core/notices.ts';
import type { TallyCoalescer } from '../realtime/tally-coalescer.ts';
import type { PrivacyService } from './privacy.service.ts';

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

  serve(router, PRIVACY.notice, ({ query }) => privacy.notice(query.unit));

  serve(router, PRIVACY.saveContact, ({ body }, { actor }) => privacy.saveContact(actor, body));

  serve(router, PRIVACY.myData, async ({ query }, { actor, res }) => {
    const data = await privacy.myData(actor);
    res.set('Cache-Control', 'no-store');
    if (query.download) res.attachment('toa-dam-du-lieu-cua-toi.json');
    return data;
  });

  serve(router, PRIVACY.erase, async (_, { actor, req, res, reply }) => {
    const old = actor.residentId;
    const erasure = await privacy.erase(actor);
    // The old id is forgotten: this browser carries on under a new one.
    issueResidentId(req, res, secret);
    reply(erasure.result);
    publish(erasure.notices);
    for (const { sessionId, questionId } of erasure.votesChanged) tally.mark(sessionId, questionId);
    for (const { sessionId, pollId } of erasure.pollsChanged) pollTally.mark(sessionId, pollId);
    forgetResident(old);
  });

  serve(router, PRIVACY.askerName, ({ params }, { actor }) => privacy.readAskerName(actor, params.id));

  serve(router, PRIVACY.requests, (_, { actor }) => privacy.listRequests(actor));

  serve(router, PRIVACY.recordRequest, ({ body }, { actor }) => privacy.recordRequest(actor, body));

  serve(router, PRIVACY.closeRequest, ({ params, body }, { actor }) => privacy.closeRequest(actor, params.id, body.outcome));

  return router;
}
