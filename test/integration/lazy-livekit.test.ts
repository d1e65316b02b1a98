import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/child-server.ts';

/** Runs the compiled server with a module hook that reports whether anything imports livekit-server-sdk. */
async function sdkImportsAtStart(env: Record<string, string>): Promise<string[]> {
  const server = await spawnServer({ ...env, NODE_OPTIONS: `--import=${pathToFileURL(register).href}` }, 60_000);
  await server.kill('SIGTERM');
  return server.output().match(/livekit-server-sdk imported by \S+/g) ?? [];
}

const dir = mkdtempSync(join(tmpdir(), 'toadam-lazy-livekit-'));
const hook = join(dir, 'hook.mjs');
const register = join(dir, 'register.mjs');
writeFileSync(
  hook,
  `export async function resolve(specifier, context, next) {
  if (specifier === 'livekit-server-sdk') process.stderr.write('livekit-server-sdk imported by ' + context.parentURL + '\\n');
  return next(specifier, context);
}
`,
);
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);

describe('livekit-server-sdk is loaded only when LiveKit is configured', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts without importing the SDK when no LIVEKIT_* variable is set', async () => {
    expect(await sdkImportsAtStart({ DATABASE_PATH: join(dir, 'off.sqlite') })).toEqual([]);
  }, 90_000);

  it('imports it when LiveKit is configured', async () => {
    const imports = await sdkImportsAtStart({
      DATABASE_PATH: join(dir, 'on.sqlite'),
      LIVEKIT_URL: 'ws://127.0.0.1:9',
      LIVEKIT_API_KEY: 'key',
      LIVEKIT_API_SECRET: 'a-secret-that-is-at-least-32-characters-long',
    });
    expect(imports.length).toBeGreaterThan(0);
  }, 90_000);
});
