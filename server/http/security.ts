import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers with a strict Content-Security-Policy. Pages under /embed/ may be framed by any site (the ward's
 * portal embeds the programme); every other page refuses framing.
 */
export function securityHeaders(options: { mediaOrigins: readonly string[] }): RequestHandler {
  const directives = (frameAncestors: string[]) => ({
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    // The browser talks to LiveKit directly, and plays the session's YouTube or Facebook live when there is none.
    connectSrc: ["'self'", ...options.mediaOrigins],
    frameSrc: ['https://www.youtube-nocookie.com', 'https://www.youtube.com', 'https://www.facebook.com'],
    fontSrc: ["'self'"],
    mediaSrc: ["'self'", 'blob:', 'https:'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors,
  });
  const strict = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: directives(["'none'"]) },
    crossOriginEmbedderPolicy: false,
  });
  const embeddable = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: directives(['*']) },
    crossOriginEmbedderPolicy: false,
    frameguard: false,
  });
  return function secure(req, res, next) {
    (req.path.startsWith('/embed/') ? embeddable : strict)(req, res, next);
  };
}
