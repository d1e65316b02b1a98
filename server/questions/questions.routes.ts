import { Router } from 'express';
import { rankForLive } from '../../shared/rules/ranking.ts';
import { IdParam } from '../../shared/schemas/common.ts';
import { parseWith } from '../http/validate.ts';
import type { Notice } from '../core/notices.ts';
import { StaffQuestionInput } from '../../shared/schemas/question.ts';
import { z } from 'zod';
import type { QuestionsService } from './questions.service.ts';

const SimilarQuery = z.object({ text: z.string().max(1000) });

export function questionRoutes(deps: { questions: QuestionsService; publish: (notices: Notice[]) => void }): Router {
  const { questions, publish } = deps;
  const router = Router();

  // Approved questions only, ranked as on the live page; the public view names only askers who published their name.
  router.get('/api/sessions/:id/questions', async (req, res) => {
    res.json(rankForLive(await questions.publicQuestions(parseWith(IdParam, req.params.id))));
  });

  router.post('/api/staff/sessions/:id/questions', async (req, res) => {
    const { result, notices } = await questions.enter(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(StaffQuestionInput, req.body));
    res.status(201).json(result);
    publish(notices);
  });

  router.get('/api/sessions/:id/similar', async (req, res) => {
    const { text } = parseWith(SimilarQuery, req.query);
    res.json(await questions.similar(parseWith(IdParam, req.params.id), text));
  });

  return router;
}
