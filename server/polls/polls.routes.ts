import { Router } from 'express';
import { POLLS } from '../../shared/routes/polls.ts';
import { serve } from '../http/route.ts';
import type { PollsService } from './polls.service.ts';

export function pollRoutes(deps: { polls: PollsService }): Router {
  const { polls } = deps;
  const router = Router();

  serve(router, POLLS.themeSuggestions, ({ params }) => polls.themeSuggestions(params.id));

  return router;
}
