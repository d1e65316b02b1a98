/**
 * A consistent online copy of the database while the server runs:
 *   npm run backup                      → ./data/backups/toadam-YYYYMMDD-HHMMSS.sqlite
 *   npm run backup -- --out FILE
 * `VACUUM INTO` reads one snapshot of the WAL database, so writes committed during the copy are either wholly in it
 * or wholly absent, and the copy is a compact, standalone file (no -wal beside it).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadConfig(process.env);
if (!existsSync(config.databasePath)) {
  console.error(`No database at ${config.databasePath}: nothing to back up.`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const out = resolve(values.out ?? join(dirname(config.databasePath), 'backups', `toadam-${stamp}.sqlite`));
if (existsSync(out)) {
  console.error(`${out} already exists; choose another --out.`);
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });

const db = await openDatabase(config.databasePath);
try {
  await db.backupTo(out);
} finally {
  await db.close();
}
const copy = await openDatabase(out);
const check = await copy.get<{ integrity_check: string }>('PRAGMA integrity_check');
await copy.close();
if (check?.integrity_check !== 'ok') {
  console.error(`The copy at ${out} failed its integrity check: ${JSON.stringify(check)}`);
  process.exit(1);
}
console.log(`Backup written: ${out} (${statSync(out).size} bytes, integrity ok)`);
