import { Router } from 'express';
import { SearchQuery } from '../../shared/schemas/transcript.ts';
import { parseWith } from '../http/validate.ts';
import type { SearchService } from './search.service.ts';

export function searchRoutes(deps: { search: SearchService }): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const { q, limit } = parseWith(SearchQuery, req.query);
    res.json(await deps.search.search(q, limit));
  });
  return router;
}
