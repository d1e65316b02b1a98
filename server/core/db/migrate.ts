import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Applies the numbered `NNN_name.sql` files not yet applied, each in its own transaction, in order. */
export async function migrate(db: Database): Promise<string[]> {
  await db.write((tx) =>
    tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)'),
  );
  const done = new Set((await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name));
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
  const applied: string[] = [];
  for (const name of files) {
    if (done.has(name)) continue;
    const sql = readFileSync(MIGRATIONS_DIR + name, 'utf8');
    await db.write(async (tx) => {
      await tx.exec(sql);
      await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [name, new Date().toISOString()]);
    });
    applied.push(name);
  }
  return applied;
}
