import { randomBytes } from 'node:crypto';
import type { Database } from '../core/db/database.ts';

/**
 * The cookie-signing secret: the configured one, or else one generated on first start and kept in the database,
 * so cookies survive restarts without anybody having to invent a secret (and none is ever written in code).
 */
export async function resolveSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return db.write(async (tx) => {
    const row = await tx.get<{ value: string }>("SELECT value FROM settings WHERE key = 'session_secret'");
    if (row) return row.value;
    const secret = randomBytes(32).toString('base64url');
    await tx.run("INSERT INTO settings (key, value) VALUES ('session_secret', ?)", [secret]);
    return secret;
  });
}
