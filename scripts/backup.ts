/**
 * A consistent online copy of the database while the server runs:
 *   npm run backup                      → ./data/backups/toadam-YYYYMMDD-HHMMSS.sqlite
 *   npm run backup -- --out FILE
 * `VACUUM INTO` reads one snapshot of the WAL database, so writes committed during the copy are either wholly in it
 * or wholly absent, and the copy is a compact, standalone file (no -wal beside it). The copy is then checked with
 * SQLite's integrity check (server/ops/backups.ts, shared with the scheduled backups) and removed if it fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/core/db/database.ts';
import { writeVerifiedBackup } from '../server/ops/backups.ts';

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
  const { sizeBytes } = await writeVerifiedBackup(db, out);
  console.log(`Backup written: ${out} (${sizeBytes} bytes, integrity ok)`);
} catch (error) {
  console.error(`The backup to ${out} failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
