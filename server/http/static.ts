import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { matchPage } from '../../shared/pages.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { sessionMeta, withBootShell, withMeta } from './page-meta.ts';
import { LIVE_PAGE, preloadTags, withPreloads, type Manifest } from './page-preload.ts';
import { precompressed } from './precompressed.ts';

/**
 * Serves the built client and answers every page path with index.html, where the client's router takes over.
 * Hashed assets are cached for a year; index.html never, so a new release reaches phones at once. A session's
 * pages carry its theme and time in Open Graph tags, so a link shared on social networks says what it is, and in
 * the first paint, so a slow phone shows them before the scripts arrive.
 */
export function clientRoutes(options: { clientDist: string; findSession: (id: number) => Promise<Session | undefined>; onPage: RequestHandler }): Router {
  const root = resolve(options.clientDist);
  const indexPath = resolve(root, 'index.html');
  const manifestPath = resolve(root, '.vite/manifest.json');
  const router = Router();
  let cached: { mtimeMs: number; html: string; liveHtml: string } | null = null;

  /** index.html, and the live page's version naming its chunks; read again when a new build replaces them. */
  async function indexHtml(): Promise<{ html: string; liveHtml: string } | null> {
    const info = await stat(indexPath).catch(() => null);
    if (!info) return null;
    if (cached?.mtimeMs !== info.mtimeMs) {
      const html = await readFile(indexPath, 'utf8');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8').catch(() => '{}')) as Manifest;
      cached = { mtimeMs: info.mtimeMs, html, liveHtml: withPreloads(html, preloadTags(manifest, LIVE_PAGE)) };
    }
    return cached;
  }

  // Hashed names change with their content, so those files never need asking for again.
  const IMMUTABLE = 'public, max-age=31536000, immutable';
  router.use(precompressed({ root, cacheControl: (path) => (path.startsWith('/assets/') ? IMMUTABLE : path.endsWith('.html') ? 'no-cache' : 'public, max-age=3600') }));
  router.use('/assets', express.static(resolve(root, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use(express.static(root, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!api\/|socket\.io\/|healthz|recordings\/).*/, options.onPage, async (req, res) => {
    const index = await indexHtml();
    if (!index) {
      res.status(503).type('text/plain; charset=utf-8').send('The client is not built yet: run `npm run build` (npm start does it for you).');
      return;
    }
    const route = matchPage(req.path, '');
    const html = route.name === 'live' ? index.liveHtml : index.html;
    const session = 'sessionId' in route ? await options.findSession(route.sessionId) : undefined;
    const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(session ? withBootShell(withMeta(html, sessionMeta(session, url)), session) : html);
  });
  return router;
}
