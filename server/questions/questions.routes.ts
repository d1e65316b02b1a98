import { Router } from 'express';
import { rankForLive } from '../../shared/rules/ranking.ts';
import { IdParam } from '../../shared/schemas/common.ts';
import { parseWith } from '../http/validate.ts';
import type { QuestionsService } from './questions.service.ts';

export function questionRoutes(deps: { questions: QuestionsService }): Router {
  const { questions } = deps;
  const router = Router();

  // Approved questions only, ranked as on the live page; the public view never names anonymous askers.
  router.get('/api/sessions/:id/questions', async (req, res) => {
    res.json(rankForLive(await questions.publicQuestions(parseWith(IdParam, req.params.id))));
  });

  return router;
}
