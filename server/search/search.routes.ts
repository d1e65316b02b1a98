import { Router } from 'express';
import { SEARCH } from '../../shared/routes/search.ts';
import { serve } from '../http/route.ts';
import type { SearchService } from './search.service.ts';

export function searchRoutes(deps: { search: SearchService }): Router {
  const router = Router();
  serve(router, SEARCH.search, ({ query }) => deps.search.search(query.q, query.limit));
  return router;
}
