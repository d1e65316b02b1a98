import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { resident, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, serverWithAdmin } from '../support/factory.ts';
import { clientKey } from '../support/clients.ts';
import { COMPILED_SERVER } from '../support/child-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const NOBODY = 65534;

/** Starts the compiled server on that file as a user who may read but not write it; resolves with its output. */
function startReadOnly(databasePath: string): Promise<{ code: number | null; output: string }> {
  const asRoot = process.getuid?.() === 0;
  // nobody must reach the compiled server: a checkout made by `mktemp -d` is 0700, and Node then reports the
  // server module missing instead of the database read-only.
  if (asRoot) chmodSync(process.cwd(), statSync(process.cwd()).mode | 0o005);
  const child = spawn(process.execPath, [COMPILED_SERVER], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('storage: a read-only database at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-readonly-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the database is read-only, not "unable to open database file"', async () => {
    const folder = join(dir, 'data');
    mkdirSync(folder);
    const path = join(folder, 'toadam.sqlite');
    const db = await openDatabase(path);
    await migrate(db);
    await db.close();
    // Readable by everybody, writable by its owner only (root, when the test runs as root and starts the server
    // as nobody); a non-root run takes write permission away instead.
    chmodSync(path, 0o444);
    chmodSync(folder, 0o555);
    chmodSync(dir, 0o755);
    try {
      const { code, output } = await startReadOnly(path);
      expect(code).not.toBe(0);
      expect(output).toMatch(/read-only/);
      expect(output).not.toMatch(/unable to open database file"?\s*$/);
    } finally {
      chmodSync(folder, 0o755);
      chmodSync(path, 0o644);
    }
  }, 60_000);
});

describe('storage: a full disk', () => {
  let server: TestServer;
  let admin: Participant;
  let asker: Participant;

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin({ env: { QUESTIONS_PER_MINUTE: '1000' } }));
    asker = await resident(server.url);
  });
  afterAll(() => closeSuite(server, admin, asker));

  it('says "storage full" to residents and staff, and /healthz reports it until space is back', async () => {
    const sessionId = server.demoSessionId;
    // SQLite's own size cap stands in for a full disk: past it, writes fail with SQLITE_FULL as on a full disk.
    await server.platform.db.write(async (tx) => {
      const { page_count: pages } = (await tx.get<{ page_count: number }>('PRAGMA page_count'))!;
      await tx.exec(`PRAGMA max_page_count = ${pages}`);
    });
    let refused: { code: string; message: string } | null = null;
    for (let i = 0; i < 200 && !refused; i += 1) {
      const ack = await asker.send('question:ask', { sessionId, text: `Câu hỏi số ${i} khi ổ đĩa sắp đầy ${'x'.repeat(900)}`, clientKey: clientKey() });
      if (!ack.ok) refused = ack.error;
    }
    expect(refused).toMatchObject({ code: 'storage_full' });
    expect(refused!.message).toMatch(/storage/);

    const staffEntry = await admin.http.json<{ error: { code: string } }>('POST', `/api/staff/sessions/${sessionId}/questions`, {
      text: `Câu hỏi nhận qua đường dây nóng khi ổ đĩa đầy ${'y'.repeat(900)}`,
      channel: 'hotline',
      clientKey: clientKey(),
    });
    expect(staffEntry.status).toBe(507);
    expect(staffEntry.body.error.code).toBe('storage_full');

    const full = await fetch(`${server.url}/healthz`);
    expect(full.status).toBe(503);
    expect(await full.json()).toMatchObject({ ok: false, database: 'ok', storage: 'full' });

    await server.platform.db.write((tx) => tx.exec('PRAGMA max_page_count = 1073741823'));
    const ack = await asker.send('question:ask', { sessionId, text: 'Câu hỏi sau khi đã có chỗ trống trở lại.', clientKey: clientKey() });
    expect(ack.ok).toBe(true);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, storage: 'ok' });
  }, 120_000);
});

/** A real, small file system to fill: a 16 MB tmpfs, when this machine lets the test mount one (root with the rights). */
function mountSmallDisk(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-full-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]).status === 0) return dir;
  rmSync(dir, { recursive: true, force: true });
  return null;
}

const smallDisk = mountSmallDisk();

describe.skipIf(!smallDisk)('storage: a really full disk (tmpfs; skipped where mounting is not allowed)', () => {
  let server: TestServer;
  let asker: Participant;

  beforeAll(async () => {
    server = await startTestServer({ dir: smallDisk!, env: { QUESTIONS_PER_MINUTE: '1000' } });
    asker = await resident(server.url);
  });

  afterAll(async () => {
    asker?.close();
    await server?.close();
    spawnSync('umount', [smallDisk!]);
    rmSync(smallDisk!, { recursive: true, force: true });
  });

  it('votes and questions on a full disk say storage_full, not internal', async () => {
    const sessionId = server.demoSessionId;
    const questionIds = expectOk(await asker.send('session:join', { sessionId })).questions.map((q) => q.id);
    const filler = openSync(join(smallDisk!, 'filler'), 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(filler, chunk);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('ENOSPC');
    } finally {
      closeSync(filler);
    }
    const codes = new Set<string>();
    for (let i = 0; i < 60 && codes.size < 2; i += 1) {
      const vote = await asker.send('vote:set', { questionId: questionIds[i % questionIds.length]!, value: i % 2 === 0 });
      if (!vote.ok) codes.add(`vote:${vote.error.code}`);
      const ask = await asker.send('question:ask', { sessionId, text: `Câu hỏi khi ổ đĩa đầy thật số ${i} ${'z'.repeat(500)}`, clientKey: clientKey() });
      if (!ask.ok) codes.add(`ask:${ask.error.code}`);
    }
    expect([...codes].sort()).toEqual(['ask:storage_full', 'vote:storage_full']);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ storage: 'full' });
    rmSync(join(smallDisk!, 'filler'));
  }, 120_000);
});
