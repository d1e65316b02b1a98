import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { nextEvent, resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, expectOk } from '../support/factory.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('several server processes sharing rooms through Redis Streams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-redis-'));
  let redis: RedisServer;
  let first: TestServer;
  let second: TestServer;
  const participants: Participant[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    first = await startTestServer({ dir, env: { REDIS_URL: redis.url } });
    second = await startTestServer({ dir, env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    for (const p of participants) p.close();
    await second?.close();
    await first?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a resident on one process a question approved and votes cast on the other', async () => {
    const sessionId = first.demoSessionId;
    const alice = await resident(first.url);
    const moderator = await staffMember(second.url, 'admin', first.adminPassword);
    const bob = await resident(second.url);
    participants.push(alice, moderator, bob);
    for (const p of [alice, moderator, bob]) expectOk(await p.send('session:join', { sessionId }));

    const asked = await ask(alice, sessionId, 'Câu hỏi gửi qua máy chủ thứ nhất, duyệt ở máy chủ thứ hai.');
    const aliceSeesApproval = nextEvent(alice.socket, 'question:changed', (e) => e.question.id === asked.id && e.question.status === 'approved');
    const aliceHearsOwn = nextEvent(alice.socket, 'question:mine', (e) => e.question.id === asked.id && e.question.status === 'approved');
    expectOk(await moderator.send('question:moderate', { questionId: asked.id, action: 'approve' }));
    await Promise.all([aliceSeesApproval, aliceHearsOwn]);

    const aliceSeesVote = nextEvent(alice.socket, 'votes:tallied', (e) => e.counts.some(([id, n]) => id === asked.id && n === 1));
    expectOk(await bob.send('vote:set', { questionId: asked.id, value: true }));
    await aliceSeesVote;
  });

  it('refuses to start with a clear message when REDIS_URL points at nothing', async () => {
    const config = loadConfig({ DATABASE_PATH: join(dir, 'other.sqlite'), REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' });
    await expect(bootstrap(config, { logger: createLogger('silent') })).rejects.toThrow(/REDIS_URL is set but Redis at 127\.0\.0\.1:1 did not answer/);
  });
});
