import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server.ts';
import { HttpAgent, nextEvent, resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, expectOk } from '../support/factory.ts';
import { FAKE_API_KEY, FAKE_API_SECRET, WebhookEvent } from '../support/fake-livekit.ts';
import { startNginx, testSiteConfig, type Nginx } from '../support/nginx.ts';
import { freePort, startRedis, type RedisServer } from '../support/redis.ts';

const METRICS_TOKEN = 'metrics-token-for-the-nginx-test';

// deploy/nginx.conf in front of two compiled server processes sharing one SQLite file and a real redis-server.
describe('deploy/nginx.conf in front of two processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-nginx-'));
  const clientDist = join(process.cwd(), 'dist/client');
  let redis: RedisServer;
  let a: ChildServer;
  let b: ChildServer;
  let nginx: Nginx;
  const people: Participant[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      DATABASE_PATH: join(dir, 'toadam.sqlite'),
      REDIS_URL: redis.url,
      TRUST_PROXY: 'true',
      CLIENT_DIST: clientDist,
      // LiveKit's API is never called here (no session goes live); the secret lets the webhook be verified.
      LIVEKIT_URL: 'http://127.0.0.1:9',
      LIVEKIT_API_KEY: FAKE_API_KEY,
      LIVEKIT_API_SECRET: FAKE_API_SECRET,
      QUESTIONS_PER_MINUTE: '100',
      METRICS_TOKEN,
    };
    a = await spawnServer(env);
    b = await spawnServer({ ...env, SEED_DEMO: 'false' });
    const port = await freePort();
    const site = testSiteConfig({ port, upstreams: [a.url, b.url].map((url) => new URL(url).host), clientDist });
    nginx = await startNginx(join(dir, 'nginx'), site, port);
  }, 60_000);

  afterAll(async () => {
    for (const p of people) p.close();
    await nginx?.stop();
    await a?.kill('SIGTERM');
    await b?.kill('SIGTERM');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the resident page, and its assets from the client folder with their gzip copies', async () => {
    const page = await fetch(`${nginx.url}/s/${a.sessionId}`);
    expect(page.status, nginx.errorLog()).toBe(200);
    const html = await page.text();
    expect(html).toContain('og:title');
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(nginx.url + script, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(readdirSync(join(clientDist, 'assets'))).toContain(`${script.split('/').pop()}.gz`);
  });

  it('shows a resident connected through nginx the questions approved on either process', async () => {
    const sessionId = a.sessionId!;
    const alice = await resident(nginx.url);
    const onA = await staffMember(a.url, 'admin', a.adminPassword!);
    const onB = await staffMember(b.url, 'admin', a.adminPassword!);
    people.push(alice, onA, onB);
    for (const p of [alice, onA, onB]) expectOk(await p.send('session:join', { sessionId }));
    // Alice's socket is on one of the two processes; one of these approvals is made on the other.
    for (const moderator of [onA, onB]) {
      const asked = await ask(alice, sessionId, `Câu hỏi qua nginx, duyệt ở tiến trình ${moderator === onA ? 'A' : 'B'}.`);
      const seen = nextEvent(alice.socket, 'question:changed', (e) => e.question.id === asked.id && e.question.status === 'approved');
      expectOk(await moderator.send('question:moderate', { questionId: asked.id, action: 'approve' }));
      await seen;
    }
  });

  it('keeps every long-polling request of a connection on one process', async () => {
    const http = new HttpAgent(nginx.url);
    await http.json('GET', '/api/me');
    const socket = io(nginx.url, { transports: ['polling'], extraHeaders: { cookie: http.cookieHeader }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      // Each acked command is a POST and its answer a GET: twenty round trips, all to the process holding the sid.
      for (let i = 0; i < 10; i += 1) {
        const ack = await socket.timeout(5000).emitWithAck('session:join', { sessionId: a.sessionId! });
        expect(ack.ok).toBe(true);
      }
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('passes a LiveKit webhook with its body byte for byte (the signature covers its hash)', async () => {
    const event = new WebhookEvent({ event: 'room_started', id: 'EV_nginx_1', createdAt: BigInt(Math.floor(Date.now() / 1000)) });
    // Padding and non-ASCII text that a proxy re-encoding or trimming the body would change.
    const body = `${event.toJsonString().slice(0, -1)}, "note": "  Tọa đàm — phường   "}`;
    const token = new AccessToken(FAKE_API_KEY, FAKE_API_SECRET, { ttl: '5m' });
    token.sha256 = createHash('sha256').update(body).digest('base64');
    const resigned = await token.toJwt();
    const through = await fetch(`${nginx.url}/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: resigned },
      body,
    });
    expect(through.status, await through.clone().text()).toBe(200);
    expect(await through.json()).toMatchObject({ ok: true });
    // The same request with one byte changed is refused: the check above really compared the bytes.
    const changed = await fetch(`${nginx.url}/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: resigned },
      body: body.replace('phường', 'phuong'),
    });
    expect(changed.status).toBe(401);
  });

  it('keeps /metrics from the public, token or not, while a process answers it directly', async () => {
    const authorization = `Bearer ${METRICS_TOKEN}`;
    for (const path of ['/metrics', '/metrics?x=1']) {
      const through = await fetch(`${nginx.url}${path}`, { headers: { authorization } });
      expect(through.status, path).toBe(404);
      expect(await through.text()).not.toContain('toadam_');
    }
    const direct = await fetch(`${a.url}/metrics`, { headers: { authorization } });
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('toadam_sockets_connected');
  });
});
