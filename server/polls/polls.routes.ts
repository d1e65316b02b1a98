import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { parseWith } from '../http/validate.ts';
import type { PollsService } from './polls.service.ts';

export function pollRoutes(deps: { polls: PollsService }): Router {
  const { polls } = deps;
  const router = Router();

  router.get('/api/units/:id/theme-suggestions', async (req, res) => {
    res.json(await polls.themeSuggestions(parseWith(IdParam, req.params.id)));
  });

  return router;
}
