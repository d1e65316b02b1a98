import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, HTTP_STATUS } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { readIdentity, readResidentId, type StaffResolver } from '../auth/identity.ts';
import { RESIDENT_COOKIE, newToken, serializeCookie, sign } from '../auth/signed-cookies.ts';
import { toErrorBody } from '../core/errors.ts';
import { isAllowedOrigin, ownOrigin } from './origin.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      actor: Actor;
      staffToken: string | null;
    }
  }
}

export const RESIDENT_COOKIE_MAX_AGE = 400 * 24 * 60 * 60;

/** Gives the browser a new resident id, in a signed cookie; returns it. */
export function issueResidentId(req: Request, res: Response, secret: string): string {
  const residentId = newToken();
  res.append('Set-Cookie', serializeCookie(RESIDENT_COOKIE, sign(residentId, secret), { maxAgeSeconds: RESIDENT_COOKIE_MAX_AGE, secure: req.secure }));
  return residentId;
}

/**
 * A page gives the browser its resident id before any script runs. Otherwise a first visit's parallel API calls
 * each came back with a new id, the browser kept the last one, and the socket (which asked with another) filed the
 * resident's questions under an id that a reload no longer had: "Của tôi" came back empty.
 */
export function residentCookieOnPages(secret: string): RequestHandler {
  return function giveResidentId(req, res, next) {
    if (req.method === 'GET' && !readResidentId(req.headers.cookie, secret)) issueResidentId(req, res, secret);
    next();
  };
}

/** Gives every browser a stable resident id in a signed cookie, and resolves a staff sign-in if there is one. */
export function identify(options: { secret: string; staff: { resolve: StaffResolver } }): RequestHandler {
  const { secret, staff } = options;
  return async function identifyRequest(req: Request, res: Response, next: NextFunction) {
    const identity = await readIdentity(req.headers.cookie, secret, staff.resolve);
    const residentId = identity.residentId ?? issueResidentId(req, res, secret);
    res.locals.actor = { residentId, staff: identity.staff, ip: req.ip ?? 'unknown' };
    res.locals.staffToken = identity.staffToken;
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated writes: a write must be JSON (a cross-site form cannot send that without a
 * CORS preflight, which is never granted) and, when the browser says where it comes from, come from an allowed origin.
 */
export function sameOriginWrites(options: { allowedOrigins: readonly string[]; trustProxy: boolean }): RequestHandler {
  const { allowedOrigins, trustProxy } = options;
  return function checkWriteOrigin(req, _res, next) {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin && !isAllowedOrigin(origin, ownOrigin(req, trustProxy), allowedOrigins)) {
      return next(new AppError('forbidden', 'cross-site request refused'));
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') return next(new AppError('forbidden', 'cross-site request refused'));
    // Browsers send a cross-site DELETE only after a preflight we never grant, so a DELETE needs no body.
    // A file upload is multipart, which a cross-site form can send too: it must name its origin, checked above.
    if (req.method !== 'DELETE' && !req.is('application/json') && !(origin && req.is('multipart/form-data'))) {
      return next(new AppError('bad_request', 'writes must be sent as application/json'));
    }
    next();
  };
}

export function notFound(): RequestHandler {
  return function apiNotFound(req, _res, next) {
    next(new AppError('not_found', `no route ${req.method} ${req.path}`));
  };
}

interface BodyParserError {
  type?: string;
  /** The parser's limit in bytes, on `entity.too.large`. */
  limit?: number;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

/** The one place an HTTP error becomes a response: typed errors keep their text, others become `internal`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return function handleError(error: unknown, req, res, _next) {
    const parserError = error as BodyParserError | null;
    const parserType = error instanceof AppError ? undefined : parserError?.type;
    const appError =
      parserType === 'entity.parse.failed'
        ? new AppError('bad_request', 'malformed JSON body')
        : parserType === 'entity.too.large'
          ? new AppError('payload_too_large', `request body is larger than ${sizeText(parserError!.limit ?? 0)}`)
          : parserType
            ? new AppError('bad_request', 'unreadable request body')
            : error;
    // A body refused unread (a 401 before an 8 MB upload, say) is not read to the end: the connection closes.
    if (!req.complete) res.setHeader('Connection', 'close');
    const body = toErrorBody(appError, logger, { method: req.method, path: req.path });
    if (body.retryAfter) res.setHeader('Retry-After', String(body.retryAfter));
    res.status(HTTP_STATUS[body.code]).json({ error: body });
  };
}
