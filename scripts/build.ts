/**
 * Builds what `npm start` runs: the client with Vite into dist/client, and the server (with the benchmark's
 * server entries) compiled to plain JavaScript into dist/node. `--if-needed` builds a part only when its output
 * is missing or older than any of its sources, so `npm start` and `npm test` work on a fresh clone without a
 * separate build step and stay quick when nothing changed.
 *
 * Why compile the server rather than run it under tsx: tsx's loader keeps a thread and its own copy of the
 * transformed sources for the life of the process (about 60 MB of RSS, measured), and the vote writer thread
 * would have to start tsx again inside itself. Type checking is `npm run check`; this only strips types.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { COMPRESSIBLE } from '../server/http/precompressed.ts';

interface Part {
  name: string;
  sources: string[];
  output: string;
  build(): Promise<void>;
}

const PARTS: Part[] = [
  {
    name: 'client',
    sources: ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'scripts/build.ts'],
    output: 'dist/client/index.html',
    async build() {
      const { build } = await import('vite');
      await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
      precompress('dist/client');
    },
  },
  {
    name: 'server',
    sources: ['server', 'shared', 'scripts/bench', 'tsconfig.base.json', 'tsconfig.server.json', 'package-lock.json'],
    output: 'dist/node/server/index.js',
    async build() {
      // A clean tree: a source deleted since the last build must not leave its old output behind to be imported.
      rmSync('dist/node', { recursive: true, force: true });
      execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.server.json'], { stdio: 'inherit' });
      // The migrations are read at run time from beside the compiled migrate.js.
      cpSync('server/core/db/migrations', 'dist/node/server/core/db/migrations', { recursive: true });
    },
  },
];

/**
 * Writes a brotli (quality 11) and a gzip (level 9) copy beside each text file of the built client, for the server
 * (server/http/precompressed.ts) and nginx's gzip_static to send as they are: a phone on a slow link gets about a
 * third of the bytes, and no request pays for compressing.
 */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) precompress(path);
    else if (COMPRESSIBLE.has(extname(entry.name))) {
      const body = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
      writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    }
  }
}

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

function isUpToDate(part: Part): boolean {
  if (!existsSync(part.output)) return false;
  const sourceTime = Math.max(...part.sources.filter((p) => existsSync(p)).map(newestMtime));
  return statSync(part.output).mtimeMs >= sourceTime;
}

const LOCK = 'dist/.build.lock';

function holderAlive(): boolean {
  try {
    process.kill(Number(readFileSync(LOCK, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Two test runs started side by side (a developer's and an editor's, say) would otherwise both rebuild dist/node,
 * one deleting the tree the other is writing. A lock file names its holder; a dead holder's lock is taken over.
 */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync('dist', { recursive: true });
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      if (!holderAlive()) rmSync(LOCK, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/** Builds the named parts (all by default); with `ifNeeded`, only those whose output is stale. */
export function build(options: { ifNeeded: boolean; only?: string[] }): Promise<void> {
  return withBuildLock(() => buildUnlocked(options));
}

async function buildUnlocked(options: { ifNeeded: boolean; only?: string[] }): Promise<void> {
  for (const part of PARTS) {
    if (options.only && !options.only.includes(part.name)) continue;
    if (options.ifNeeded && isUpToDate(part)) {
      console.log(`${part.name} is up to date`);
      continue;
    }
    console.log(`building the ${part.name} …`);
    await part.build();
    console.log(`${part.name} built into ${part.output.split('/').slice(0, 2).join('/')}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  await build({ ifNeeded: args.includes('--if-needed'), ...(only.length ? { only } : {}) });
}
