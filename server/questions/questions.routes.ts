import { Router } from 'express';
import { rankForLive } from '../../shared/rules/ranking.ts';
import { QUESTIONS } from '../../shared/routes/questions.ts';
import { serve } from '../http/route.ts';
import type { Notice } from '../core/notices.ts';
import type { QuestionsService } from './questions.service.ts';

export function questionRoutes(deps: { questions: QuestionsService; publish: (notices: Notice[]) => void }): Router {
  const { questions, publish } = deps;
  const router = Router();

  // Approved questions only, ranked as on the live page; the public view names only askers who published their name.
  serve(router, QUESTIONS.public, async ({ params }) => rankForLive(await questions.publicQuestions(params.id)));

  serve(router, QUESTIONS.enter, async ({ params, body }, { actor, reply }) => {
    const { result, notices } = await questions.enter(actor, params.id, body);
    reply(result);
    publish(notices);
  });

  serve(router, QUESTIONS.similar, ({ params, query }) => questions.similar(params.id, query.text));

  return router;
}
