import { Router } from 'express';
import { RESULTS } from '../../shared/routes/results.ts';
import { serve } from '../http/route.ts';
import type { ResultsService } from './results.service.ts';

export function resultsRoutes(deps: { results: ResultsService }): Router {
  const { results } = deps;
  const router = Router();

  serve(router, RESULTS.get, ({ params }, { actor }) => results.get(actor, params.id));

  serve(router, RESULTS.saveDraft, ({ params, body }, { actor }) => results.saveDraft(actor, params.id, body));

  serve(router, RESULTS.sign, ({ params, body }, { actor }) => results.sign(actor, params.id, body.as));

  serve(router, RESULTS.publish, ({ params }, { actor }) => results.publish(actor, params.id));

  serve(router, RESULTS.due, (_, { actor }) => results.due(actor));

  return router;
}
