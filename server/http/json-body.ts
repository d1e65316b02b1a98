import express, { type RequestHandler } from 'express';
import { AppError } from '../../shared/errors.ts';
import { authorizeRole, type Permission } from '../auth/policy.ts';

/**
 * The deepest nesting any body of the API may have; the deepest schema needs four levels. V8's JSON.parse is not
 * recursive, so a body of millions of `[` is parsed into as many arrays: 8 MB of them took over 250 MB.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether a JSON text nests arrays and objects deeper than `max`, outside strings; read before parsing it. */
export function jsonDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (OPEN.has(b)) {
      if (++depth > max) return true;
    } else if (CLOSE.has(b)) depth--;
  }
  return false;
}

/** A JSON body parser that refuses a body nested deeper than MAX_JSON_DEPTH before JSON.parse sees it. */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify(_req, _res, bytes) {
      if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH)) throw new AppError('bad_request', `JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
    },
  });
}

/**
 * For the few routes that take bodies larger than the API's 16 KB: the caller must be signed-in staff whose role
 * holds the permission before a byte of the body is read (the unit is checked by the service once the body names
 * it). Mounted before the API's own parser, which then finds the body read.
 */
export function largeJsonBody(options: { permission: Permission; limit: string }): RequestHandler[] {
  const { permission, limit } = options;
  return [staffBeforeBody(permission), jsonBody(limit)];
}

/** Signed-in staff whose role holds the permission, checked before a byte of the body is read. */
export function staffBeforeBody(permission: Permission): RequestHandler {
  return function checkStaffBeforeBody(_req, res, next) {
    authorizeRole(res.locals.actor, permission);
    next();
  };
}
