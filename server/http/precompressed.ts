import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { RequestHandler } from 'express';

/** What the build writes a .br and a .gz beside (scripts/build.ts): text that compresses well. */
export const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.html', '.json', '.webmanifest']);

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number]['name'];

/**
 * The encodings an Accept-Encoding header allows, by its q-values: `br;q=0` refuses brotli, `*` stands for any
 * encoding not named, and a missing header means no preference (served as identity, the safe reading).
 */
export function acceptedEncodings(header: string | undefined): Set<Encoding> {
  const accepted = new Set<Encoding>();
  if (!header) return accepted;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  for (const { name } of ENCODINGS) {
    const value = q.get(name) ?? (name === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
    if (value > 0) accepted.add(name);
  }
  return accepted;
}

/**
 * Answers a request for a built file with its precompressed twin when the browser accepts one (brotli first, it is
 * smaller), with the original's content type and `Vary: Accept-Encoding` so caches keep the variants apart.
 * Compressing at build time costs nothing per request and allows brotli's slowest, smallest level.
 */
export function precompressed(options: { root: string; cacheControl: (path: string) => string }): RequestHandler {
  const root = resolve(options.root);
  return async function servePrecompressed(req, res, next) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !COMPRESSIBLE.has(extname(req.path))) return next();
    let path: string;
    try {
      path = resolve(root, '.' + decodeURIComponent(req.path));
    } catch {
      return next();
    }
    if (!path.startsWith(root + sep)) return next();
    res.vary('Accept-Encoding');
    const accepted = acceptedEncodings(req.get('accept-encoding'));
    for (const { name, suffix } of ENCODINGS) {
      if (!accepted.has(name)) continue;
      const info = await stat(path + suffix).catch(() => null);
      if (!info?.isFile()) continue;
      res.type(extname(path));
      res.setHeader('Content-Encoding', name);
      res.setHeader('Cache-Control', options.cacheControl(req.path));
      res.sendFile(path + suffix, { cacheControl: false, lastModified: true, etag: true }, (error) => {
        if (error && !res.headersSent) next(error);
      });
      return;
    }
    next();
  };
}
