import type { Tx, Queryable } from './db/database.ts';

/** The platform's own key-value settings (today only the generated cookie secret). */
export async function findSetting(q: Queryable, key: string): Promise<string | undefined> {
  return (await q.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
}

export async function insertSetting(tx: Tx, key: string, value: string): Promise<void> {
  await tx.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, value]);
}
