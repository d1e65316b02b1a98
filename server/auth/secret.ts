import { randomBytes } from 'node:crypto';
import type { Database } from '../core/db/database.ts';
import { findSetting, insertSetting } from '../core/settings.repository.ts';

const SECRET_KEY = 'session_secret';

/**
 * The cookie-signing secret: the configured one, or else one generated on first start and kept in the database,
 * so cookies survive restarts without anybody having to invent a secret (and none is ever written in code).
 */
export async function resolveSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return db.write(async (tx) => {
    const kept = await findSetting(tx, SECRET_KEY);
    if (kept) return kept;
    const secret = randomBytes(32).toString('base64url');
    await insertSetting(tx, SECRET_KEY, secret);
    return secret;
  });
}
