import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Wrong tries before a code is spent and the contact must be left again. */
export const MAX_CODE_ATTEMPTS = 5;

/** A six-digit code, sent once; only its hash is kept, salted with what it confirms. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export const hashCode = (scope: string | number, code: string) => createHash('sha256').update(`${scope}:${code}`).digest('hex');

/** The random token of every message's stop link. */
export const newStopToken = () => randomBytes(24).toString('base64url');

/** What a try at a code comes to: right, wrong (to be counted), or one too many. */
export function checkCode(row: { code_hash: string | null; code_attempts: number }, scope: string | number, code: string): 'ok' | 'wrong' | 'spent' {
  if (row.code_attempts >= MAX_CODE_ATTEMPTS) return 'spent';
  return row.code_hash === hashCode(scope, code) ? 'ok' : 'wrong';
}
