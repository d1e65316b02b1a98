import { z } from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Tabs and newlines are kept; other C0 controls and DEL never belong in a question or a name.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Free text typed by a person: rejected when it holds broken UTF-16, then stripped of control characters,
 * trimmed and NFC-normalized before its length is checked, so "10 characters" means what a reader sees.
 */
export function humanText(options: { min?: number; max: number }) {
  const base = z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), 'contains invalid characters')
    .overwrite((s) => s.replace(CONTROL_CHARS, '').trim().normalize('NFC'));
  return options.min ? base.min(options.min).max(options.max) : base.max(options.max);
}

/** One-line text such as a name: the same cleaning, and line breaks folded to spaces. */
export function lineText(options: { min?: number; max: number }) {
  const base = z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), 'contains invalid characters')
    .overwrite((s) => s.replace(/\s+/g, ' ').replace(CONTROL_CHARS, '').trim().normalize('NFC'));
  return options.min ? base.min(options.min).max(options.max) : base.max(options.max);
}

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A client-generated key that makes a retried write land once. */
export const ClientKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -');

export const IsoDateTime = z.iso.datetime({ offset: true });
