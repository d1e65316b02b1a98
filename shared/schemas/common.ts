import { z } from 'zod';
import { cleanText } from '../text/clean.ts';
import { visibleLength } from './values.ts';

export { visibleLength } from './values.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Segmenting is slow (a third of a second for 14,000 characters on a busy server): the check stops at the minimum
 * and skips a text already over its maximum, so a payload full of long strings cannot stall the event loop.
 */
function atLeastVisible<T extends z.ZodString>(schema: T, min: number | undefined, max: number) {
  return min
    ? schema.refine((s) => s.length > max || visibleLength(s, min) >= min, `must have at least ${min} visible characters (letters or digits)`)
    : schema;
}

/**
 * Free text typed by a person: rejected when it holds broken UTF-16, then stripped of control characters,
 * trimmed and NFC-normalized before its length is checked; its minimum counts visible characters.
 */
export function humanText(options: { min?: number; max: number }) {
  const base = z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), 'contains invalid characters')
    .overwrite(cleanText)
    .max(options.max);
  return atLeastVisible(base, options.min, options.max);
}

/** One-line text such as a name: the same cleaning, and line breaks folded to spaces. */
export function lineText(options: { min?: number; max: number }) {
  const base = z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), 'contains invalid characters')
    .overwrite((s) => cleanText(s.replace(/\s+/g, ' ')))
    .max(options.max);
  return atLeastVisible(base, options.min, options.max);
}

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A path that names one row by its id: `/…/:id`. */
export const IdPath = z.object({ id: IdParam });

/** A client-generated key that makes a retried write land once. */
export const ClientKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -');

export const IsoDateTime = z.iso.datetime({ offset: true });
