import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { Router } from 'express';

/**
 * Serves the built client and answers every page path with index.html, where the client's router takes over.
 * Hashed assets are cached for a year; index.html never, so a new release reaches phones at once.
 */
export function clientRoutes(clientDist: string): Router {
  const root = resolve(clientDist);
  const index = resolve(root, 'index.html');
  const router = Router();
  router.use('/assets', express.static(resolve(root, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use(express.static(root, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!api\/|socket\.io\/|healthz).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('The client is not built yet: run `npm run build` (npm start does it for you).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
