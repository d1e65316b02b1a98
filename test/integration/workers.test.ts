import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server.ts';
import { nextEvent, resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, expectOk } from '../support/factory.ts';

describe('WORKERS=2: two server processes behind one port', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-workers-'));
  let server: ChildServer;
  const participants: Participant[] = [];

  beforeAll(async () => {
    server = await spawnServer({ WORKERS: '2', DATABASE_PATH: join(dir, 'toadam.sqlite'), CLIENT_DIST: join(dir, 'no-client') }, 60_000);
  }, 90_000);

  afterAll(async () => {
    for (const p of participants) p.close();
    await server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a resident on one worker what a moderator did on the other', async () => {
    const sessionId = server.sessionId!;
    const alice = await resident(server.url);
    participants.push(alice);
    // New connections go to the worker holding the fewest: with Alice on one, the next socket lands on the other.
    let moderator = await staffMember(server.url, 'admin', server.adminPassword!);
    participants.push(moderator);
    for (let tries = 0; moderator.worker === alice.worker && tries < 5; tries++) {
      moderator = await staffMember(server.url, 'admin', server.adminPassword!);
      participants.push(moderator);
    }
    expect(alice.worker).toMatch(/^\d+$/);
    expect(moderator.worker).toMatch(/^\d+$/);
    expect(moderator.worker).not.toBe(alice.worker);

    expectOk(await alice.send('session:join', { sessionId }));
    expectOk(await moderator.send('session:join', { sessionId }));
    const asked = await ask(alice, sessionId, 'Câu hỏi gửi ở tiến trình thứ nhất, duyệt ở tiến trình thứ hai.');
    const aliceSeesApproval = nextEvent(alice.socket, 'question:changed', (e) => e.question.id === asked.id && e.question.status === 'approved', 15_000);
    const aliceHearsOwn = nextEvent(alice.socket, 'question:mine', (e) => e.question.id === asked.id && e.question.status === 'approved', 15_000);
    expectOk(await moderator.send('question:moderate', { questionId: asked.id, action: 'approve' }));
    await Promise.all([aliceSeesApproval, aliceHearsOwn]);

    const aliceSeesVote = nextEvent(alice.socket, 'votes:tallied', (e) => e.counts.some(([id, n]) => id === asked.id && n === 1), 15_000);
    expectOk(await moderator.send('vote:set', { questionId: asked.id, value: true }));
    await aliceSeesVote;
  }, 90_000);

  it('stops every worker on SIGTERM', async () => {
    expect(await server.kill('SIGTERM')).toBe(0);
    expect(server.output()).not.toMatch(/shutdown failed/);
  }, 60_000);
});
