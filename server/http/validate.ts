import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { describeZodError } from '../core/errors.ts';

/** Parses an HTTP body, param or query with its shared schema; a failure is a 400 naming the fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('bad_request', describeZodError(parsed.error));
  return parsed.data;
}
