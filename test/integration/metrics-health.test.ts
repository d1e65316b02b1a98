import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readiness } from '../../shared/schemas/operations.ts';
import { HttpAgent, resident, staffMember, clientKey, type Participant } from '../support/clients.ts';
import { expectOk, goLive, until } from '../support/factory.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../support/fake-livekit.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TOKEN = 'metrics-token-for-the-tests-0123';

/** One sample of Prometheus' text format, e.g. `toadam_commands_total{command="vote:set",outcome="ok"}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(/,(?=[a-zA-Z_]+=")/) : [];
    if (wanted.every((pair) => have.includes(pair))) return Number(match[3]);
  }
  return 0;
}

async function scrape(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

describe('/metrics', () => {
  let server: TestServer;
  let livekit: FakeLiveKit;
  const participants: Participant[] = [];

  beforeAll(async () => {
    livekit = await startFakeLiveKit();
    server = await startTestServer({ env: { ...livekit.env, METRICS_TOKEN: TOKEN, QUESTIONS_PER_MINUTE: '2' } });
  });

  afterAll(async () => {
    for (const p of participants) p.close();
    await server?.close();
    await livekit?.close();
  });

  it('answers only with the bearer token', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN.slice(1)}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    const text = await scrape(server);
    for (const name of ['toadam_sockets_connected', 'toadam_sessions_live', 'toadam_db_write_queue_depth', 'nodejs_eventloop_lag_seconds']) {
      expect(text).toContain(`# TYPE ${name} gauge`);
    }
    expect(text).toContain('# TYPE toadam_command_ack_seconds histogram');
  });

  it('does not exist on a server without METRICS_TOKEN', async () => {
    const plain = await startTestServer();
    try {
      const response = await fetch(`${plain.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(await response.text()).not.toContain('toadam_');
    } finally {
      await plain.close();
    }
  });

  it('moves with load: sockets, commands and their acks, refusals, commits, fan-out, live sessions, LiveKit errors', async () => {
    const before = await scrape(server);
    const sessionId = server.demoSessionId;
    const residents = await Promise.all([resident(server.url), resident(server.url), resident(server.url)]);
    const admin = await staffMember(server.url, 'admin', server.adminPassword);
    participants.push(...residents, admin);

    // Two questions a minute per resident: the third and fourth are refused.
    const [alice] = residents;
    const acks = [];
    for (let i = 0; i < 4; i += 1) {
      acks.push(await alice!.send('question:ask', { sessionId, text: `Câu hỏi đo đếm số ${i} của cư dân.`, clientKey: clientKey() }));
    }
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, false, false]);
    for (const p of residents) expectOk(await p.send('session:join', { sessionId }));
    expectOk(await admin.send('question:moderate', { questionId: (acks[0] as { ok: true; data: { id: number } }).data.id, action: 'approve' }));
    livekit.failWith('RoomService/CreateRoom', { status: 503, code: 'unavailable', msg: 'LiveKit is down for the test' }, 1);
    await goLive(admin, sessionId);

    // Ten tries at one account from one address per 15 minutes; the eleventh is throttled.
    const guesser = new HttpAgent(server.url);
    const statuses = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await guesser.request('POST', '/api/auth/login', { username: 'admin', password: `wrong-${i}` })).status);
    expect(statuses.at(-1)).toBe(429);

    await until(async () => sample(await scrape(server), 'toadam_livekit_api_errors_total', { call: 'createRoom' }) >= 1, Boolean, 'a LiveKit error counted');
    const after = await scrape(server);
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

    expect(delta('toadam_sockets_connected', { audience: 'resident' })).toBe(3);
    expect(delta('toadam_sockets_connected', { audience: 'staff' })).toBe(1);
    expect(delta('toadam_commands_total', { command: 'question:ask', outcome: 'ok' })).toBe(2);
    expect(delta('toadam_commands_total', { command: 'question:ask', outcome: 'rate_limited' })).toBe(2);
    expect(delta('toadam_commands_total', { command: 'session:join', outcome: 'ok' })).toBe(3);
    expect(delta('toadam_command_ack_seconds_count', { command: 'question:ask' })).toBe(4);
    expect(delta('toadam_command_ack_seconds_sum', { command: 'question:ask' })).toBeGreaterThan(0);
    expect(delta('toadam_rate_limit_refusals_total', { what: 'questions' })).toBe(2);
    expect(delta('toadam_rate_limit_refusals_total', { what: 'sign-in' })).toBe(1);
    // Two questions, an approval and going live at least; the room's retries and the probes may add more.
    expect(delta('toadam_db_commit_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(delta('toadam_fanout_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'toadam_sessions_live')).toBe(1);
    expect(sample(before, 'toadam_sessions_live')).toBe(0);
    expect(sample(after, 'toadam_livekit_api_errors_total', { call: 'createRoom' })).toBe(1);

    for (const p of residents) p.close();
    await until(async () => sample(await scrape(server), 'toadam_sockets_connected', { audience: 'resident' }) === sample(before, 'toadam_sockets_connected', { audience: 'resident' }), Boolean, 'sockets gone');
  }, 60_000);
});

describe('health: liveness and readiness', () => {
  let server: TestServer;
  let livekit: FakeLiveKit;

  beforeAll(async () => {
    livekit = await startFakeLiveKit();
    server = await startTestServer({ env: livekit.env });
  });

  afterAll(async () => {
    await server?.close();
    await livekit?.close();
  });

  it('is ready when the database takes a write and LiveKit answers; /healthz still answers', async () => {
    const ready = await fetch(`${server.url}/healthz/ready`);
    expect(ready.status).toBe(200);
    const body: unknown = await ready.json();
    expect(body).toEqual({ ok: true, checks: { database: 'ok', livekit: 'ok' } });
    expect(Readiness.safeParse(body).success).toBe(true);
    expect((await fetch(`${server.url}/healthz/live`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true, database: 'ok', storage: 'ok' });
    expect(livekit.callsTo('RoomService/ListRooms').length).toBeGreaterThanOrEqual(1);
  });

  it('is not ready while LiveKit refuses, and is again once it answers', async () => {
    livekit.failWith('RoomService/ListRooms', { status: 401, code: 'unauthenticated', msg: 'wrong key' });
    const refused = await fetch(`${server.url}/healthz/ready`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ ok: false, checks: { database: 'ok', livekit: 'failed' } });
    livekit.clearFailures();
    expect((await fetch(`${server.url}/healthz/ready`)).status).toBe(200);
  });

  it('is not ready while the database cannot take a write, though reads (and liveness) still work', async () => {
    // Another process holds SQLite's write lock: under WAL every read still succeeds, only a write shows it.
    const other = await new Promise<sqlite3.Database>((resolve, reject) => {
      const conn = new sqlite3.Database(server.dbPath, (err) => (err ? reject(err) : resolve(conn)));
    });
    await new Promise<void>((resolve, reject) => other.exec('BEGIN IMMEDIATE', (err) => (err ? reject(err) : resolve())));
    try {
      const blocked = await fetch(`${server.url}/healthz/ready`);
      expect(blocked.status).toBe(503);
      expect((await blocked.json()).checks.database).toBe('failed');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/healthz/live`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
    }
    await until(async () => (await fetch(`${server.url}/healthz/ready`)).status === 200, Boolean, 'ready again');
  }, 30_000);
});

describe('health and metrics with Redis', () => {
  let redis: RedisServer;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedis();
    server = await startTestServer({ env: { REDIS_URL: redis.url, METRICS_TOKEN: TOKEN } });
  });

  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  it('is not ready while Redis is down and counts the adapter errors; ready again when it is back', async () => {
    expect(await (await fetch(`${server.url}/healthz/ready`)).json()).toEqual({ ok: true, checks: { database: 'ok', redis: 'ok' } });
    expect(sample(await scrape(server), 'toadam_redis_errors_total')).toBe(0);
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    const down = await fetch(`${server.url}/healthz/ready`);
    expect(down.status).toBe(503);
    expect((await down.json()).checks).toEqual({ database: 'ok', redis: 'failed' });
    await until(async () => sample(await scrape(server), 'toadam_redis_errors_total') >= 1, Boolean, 'a Redis error counted');
    redis = await startRedis(port);
    await until(async () => (await fetch(`${server.url}/healthz/ready`)).status === 200, Boolean, 'ready again', 20_000);
  }, 60_000);
});
