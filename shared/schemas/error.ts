import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';

/** What every HTTP refusal answers: the code from the closed set, a message for developers, a wait when limited. */
export const ErrorResponse = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), retryAfter: z.number().int().optional() }),
});
