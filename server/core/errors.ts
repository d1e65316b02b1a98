import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import { AppError, type ErrorBody } from '../../shared/errors.ts';
import { isStorageFull, storageFullError } from './db/storage.ts';

/** "text: Too small …; name: …": names the fields at fault without echoing what was sent. */
export function describeZodError(error: ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return parts.join('; ').slice(0, 500);
}

/**
 * Typed errors travel as they are; a full disk is said as such, to staff and residents alike; anything else is
 * logged with an id and shown only as `internal`.
 */
export function toErrorBody(error: unknown, logger: Logger, context: Record<string, unknown> = {}): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  if (isStorageFull(error)) {
    logger.error({ err: error, ...context }, 'storage full: a write was refused');
    return storageFullError().toBody();
  }
  const errorId = randomUUID();
  logger.error({ err: error, errorId, ...context }, 'unexpected error');
  return { code: 'internal', message: `internal error (reference ${errorId})` };
}
