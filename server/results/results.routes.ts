import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { ResultsDraftInput, ResultsSignInput } from '../../shared/schemas/dialogue.ts';
import { parseWith } from '../http/validate.ts';
import type { ResultsService } from './results.service.ts';

export function resultsRoutes(deps: { results: ResultsService }): Router {
  const { results } = deps;
  const router = Router();

  router.get('/api/sessions/:id/results', async (req, res) => {
    res.json(await results.get(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.put('/api/staff/sessions/:id/results', async (req, res) => {
    res.json(await results.saveDraft(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(ResultsDraftInput, req.body)));
  });

  router.post('/api/staff/sessions/:id/results/sign', async (req, res) => {
    const { as } = parseWith(ResultsSignInput, req.body);
    res.json(await results.sign(res.locals.actor, parseWith(IdParam, req.params.id), as));
  });

  router.post('/api/staff/sessions/:id/results/publish', async (req, res) => {
    res.json(await results.publish(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.get('/api/staff/results-due', async (_req, res) => {
    res.json(await results.due(res.locals.actor));
  });

  return router;
}
