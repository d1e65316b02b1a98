import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('pages as the server sends them', () => {
  let server: TestServer;
  let recordings: string;

  const dir = mkdtempSync(join(tmpdir(), 'toadam-pages-'));

  beforeAll(async () => {
    recordings = join(dir, 'recordings');
    mkdirSync(recordings, { recursive: true });
    server = await startTestServer({ dir, env: { RECORDINGS_DIR: recordings } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes a session page in Open Graph tags, escaped', async () => {
    const html = await (await fetch(`${server.url}/s/1`)).text();
    expect(html).toContain('<meta property="og:title" content="Trật tự đô thị và vỉa hè · Tọa đàm trực tuyến tháng');
    expect(html).toMatch(/<meta property="og:description" content="UBND phường Hòa Bình \(demo\) · 14:00–16:00, /);
    expect(html.match(/<title>/g)).toHaveLength(1);
  });

  it("puts the session into the resident page's first HTML and names the page's chunks, so a slow phone fetches them at once", async () => {
    const html = await (await fetch(`${server.url}/s/1`)).text();
    const shell = html.slice(html.indexOf('<div id="boot"'), html.indexOf('<div id="app">'));
    expect(shell).toContain('<h1>Trật tự đô thị và vỉa hè</h1>');
    expect(shell).toContain('UBND phường Hòa Bình (demo)');
    expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/Live-[\w-]+\.js" \/>/);
    // Staff pages and the programme do not ask for the resident page's chunk.
    for (const path of ['/s/1/moderate', '/']) expect(await (await fetch(server.url + path)).text()).not.toContain('/assets/Live-');
  });

  it('sends the precompressed copy the browser accepts, with the type of the original and the right caching', async () => {
    const html = await (await fetch(`${server.url}/s/1`)).text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = Buffer.from(await (await fetch(server.url + script, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    const get = (acceptEncoding: string) => fetch(server.url + script, { headers: { 'accept-encoding': acceptEncoding } });
    const body = async (response: Response) => Buffer.from(await response.arrayBuffer());

    const br = await get('gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript|^application\/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch undoes the encoding itself; the bytes must be the original's.
    expect((await body(br)).equals(plain)).toBe(true);

    const gzip = await get('br;q=0, gzip');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect((await body(gzip)).equals(plain)).toBe(true);

    const none = await get('identity');
    expect(none.headers.get('content-encoding')).toBeNull();
    expect(Number(none.headers.get('content-length'))).toBe(plain.length);

    const page = await fetch(`${server.url}/s/1`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    // The compressed copies are real: a tenth of the size or less for the bundle, and they decode to it.
    const { readFileSync } = await import('node:fs');
    const onDisk = join(process.cwd(), 'dist/client', script);
    expect(brotliDecompressSync(readFileSync(`${onDisk}.br`)).equals(plain)).toBe(true);
    expect(gunzipSync(readFileSync(`${onDisk}.gz`)).equals(plain)).toBe(true);
    expect(readFileSync(`${onDisk}.br`).length).toBeLessThan(plain.length / 2);
  });

  it('lets only /embed/ pages be framed by another site', async () => {
    const embed = await fetch(`${server.url}/embed/programme/1`);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const page = await fetch(`${server.url}/s/1`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves recordings with byte ranges, so a replay can seek', async () => {
    writeFileSync(join(recordings, 'clip.mp4'), Buffer.alloc(10_000, 7));
    const part = await fetch(`${server.url}/recordings/clip.mp4`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(`${server.url}/recordings/missing.mp4`)).status).toBe(404);
    expect((await fetch(`${server.url}/recordings/..%2f..%2ftoadam.sqlite`)).status).not.toBe(200);
  });

  it('plays the media layer\'s finished recording in the archive when its file is in the recordings folder', async () => {
    const archive = async () => ((await (await fetch(`${server.url}/api/sessions/${server.demoSessionId}/archive`)).json()) as { videoUrl: string | null }).videoUrl;
    expect(await archive()).toBeNull();
    await server.platform.db.write((tx) =>
      tx.run(
        `INSERT INTO media_egress (egress_id, session_id, kind, status, file_location, started_at, updated_at)
         VALUES ('EG_1', ?, 'recording', 'EGRESS_COMPLETE', '/out/session-1.mp4', '2026-12-17T07:00:00Z', '2026-12-17T09:00:00Z')`,
        [server.demoSessionId],
      ),
    );
    expect(await archive()).toBeNull();
    writeFileSync(join(recordings, 'session-1.mp4'), Buffer.alloc(100, 1));
    expect(await archive()).toBe('/recordings/session-1.mp4');
  });
});

describe('the OpenAPI document', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('describes every public read route, and what the routes send matches its schemas', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { required?: string[] }> } };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/api/sessions',
        '/api/sessions/{id}',
        '/api/sessions/{id}/questions',
        '/api/sessions/{id}/transcript',
        '/api/sessions/{id}/archive',
        '/api/search',
        '/api/units/{id}/calendar.ics',
      ]),
    );
    const sessions = (await (await fetch(`${server.url}/api/sessions`)).json()) as { upcoming: Array<Record<string, unknown>> };
    expect(Object.keys(sessions.upcoming[0]!).sort()).toEqual([...doc.components.schemas.Session!.required!].sort());
    const questions = (await (await fetch(`${server.url}/api/sessions/${server.demoSessionId}/questions`)).json()) as Array<Record<string, unknown>>;
    expect(Object.keys(questions[0]!).sort()).toEqual([...doc.components.schemas.PublicQuestion!.required!].sort());
  });
});
