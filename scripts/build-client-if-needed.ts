/**
 * Builds the client when dist/ is missing or older than any client or shared source, so `npm start` and
 * `npm test` work on a fresh clone without a separate build step, and stay quick when nothing changed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json'];
const OUTPUT = 'dist/client/index.html';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const sourceTime = Math.max(...SOURCES.filter((p) => existsSync(p)).map(newestMtime));
if (existsSync(OUTPUT) && statSync(OUTPUT).mtimeMs >= sourceTime) {
  console.log('client is up to date');
} else {
  console.log('building the client …');
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log('client built into dist/client');
}
