import { rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ATTACHMENT_TYPES } from '../../shared/schemas/followup.ts';

const SIGNATURES: Array<{ mime: (typeof ATTACHMENT_TYPES)[number]; ext: string; test: (b: Buffer) => boolean }> = [
  { mime: 'application/pdf', ext: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mime: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/webp', ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The file's type from its first bytes: a PDF or an image, whatever its name claims. */
export function sniffAttachment(bytes: Buffer): { mime: string; ext: string } | null {
  return SIGNATURES.find((s) => s.test(bytes)) ?? null;
}

/** Gives a file received by multipart (already checked) its stored name; returns what the row keeps. */
export async function adoptAttachment(file: { name: string; path: string; mime: string; ext: string; size: number }) {
  const stored = `${basename(file.path, '.part')}.${file.ext}`;
  await rename(file.path, join(file.path, '..', stored));
  return { attachment_name: file.name.slice(0, 120), attachment_file: stored, attachment_mime: file.mime, attachment_size: file.size };
}

/**
 * Headers for serving a stored attachment: the type checked at upload (a file named `pwn.js` is still the WebP it
 * was), never one guessed from the name, and a policy that gives a document opened directly no script, no origin
 * and nothing to load.
 */
export function attachmentHeaders(file: { name: string; mime: string }): Record<string, string> {
  const known = (ATTACHMENT_TYPES as readonly string[]).includes(file.mime);
  const ascii = file.name.replace(/[^A-Za-z0-9._ -]/g, '_');
  return {
    'Content-Type': known ? file.mime : 'application/octet-stream',
    'Content-Disposition': `${known ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
  };
}
