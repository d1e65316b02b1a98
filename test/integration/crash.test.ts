import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { residentTag } from '../../server/auth/actor.ts';
import { cleanUpAfterAll, spawnServer } from '../support/child-server.ts';
import { clientKey, resident, staffMember } from '../support/clients.ts';
import { expectOk, queryFile } from '../support/factory.ts';

const dir = mkdtempSync(join(tmpdir(), 'toadam-crash-'));
const env = { DATABASE_PATH: join(dir, 'toadam.sqlite'), QUESTIONS_PER_MINUTE: '1000', VOTES_PER_MINUTE: '100000' };

describe('a kill -9 in the middle of a storm', () => {
  const { children, participants } = cleanUpAfterAll(dir);

  it('loses no acked question or vote and leaves nothing half-written', async () => {
    const first = await spawnServer(env);
    children.push(first);
    const sessionId = first.sessionId!;
    const admin = await staffMember(first.url, 'admin', first.adminPassword!);
    participants.push(admin);

    // Questions to vote on: the demo's three approved ones plus ten more.
    const targets: number[] = expectOk(await admin.send('session:join', { sessionId })).questions.map((q) => q.id);
    for (let i = 0; i < 10; i += 1) {
      const q = expectOk(await admin.send('question:ask', { sessionId, text: `Câu hỏi mục tiêu số ${i} để bỏ phiếu.`, clientKey: clientKey() }));
      expectOk(await admin.send('question:moderate', { questionId: q.id, action: 'approve' }));
      targets.push(q.id);
    }

    const residents = await Promise.all(Array.from({ length: 30 }, () => resident(first.url)));
    participants.push(...residents);
    const ackedQuestions: string[] = [];
    const ackedVotes: Array<{ residentTag: string; questionId: number }> = [];
    let stop = false;

    // Open loop: each resident keeps a few writes in flight without waiting for acks.
    const storms = residents.map(async (r, i) => {
      let n = 0;
      const inFlight: Array<Promise<unknown>> = [];
      while (!stop && n < 400) {
        const turn = n;
        n += 1;
        if (turn % 5 === 0) {
          const key = clientKey();
          inFlight.push(
            r.send('question:ask', { sessionId, text: `Câu hỏi bão số ${turn} của cư dân ${i}.`, clientKey: key }).then(
              (ack) => ack.ok && ackedQuestions.push(key),
              () => undefined,
            ),
          );
        } else {
          const questionId = targets[(turn + i) % targets.length]!;
          inFlight.push(
            r.send('vote:set', { questionId, value: true }).then(
              (ack) => ack.ok && ackedVotes.push({ residentTag: r.me.residentTag, questionId }),
              () => undefined,
            ),
          );
        }
        if (inFlight.length >= 4) await Promise.race(inFlight.splice(0, 1));
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await first.kill('SIGKILL')).toBeNull();
    stop = true;
    await Promise.allSettled(storms);
    for (const r of residents) r.close();

    expect(ackedQuestions.length).toBeGreaterThan(20);
    expect(ackedVotes.length).toBeGreaterThan(100);

    const second = await spawnServer(env);
    children.push(second);
    const health = await fetch(`${second.url}/healthz`).then((r) => r.json());
    expect(health).toEqual({ ok: true, database: 'ok', storage: 'ok' });

    const stored = new Set(
      (await queryFile<{ client_key: string }>(env.DATABASE_PATH, 'SELECT client_key FROM questions')).map((r) => r.client_key.slice(r.client_key.indexOf(':') + 1)),
    );
    expect(ackedQuestions.filter((key) => !stored.has(key))).toEqual([]);

    const voteRows = await queryFile<{ question_id: number; resident_id: string }>(env.DATABASE_PATH, 'SELECT question_id, resident_id FROM votes');
    const storedVotes = new Set(voteRows.map((v) => `${residentTag(v.resident_id)}|${v.question_id}`));
    expect(ackedVotes.filter((v) => !storedVotes.has(`${v.residentTag}|${v.questionId}`))).toEqual([]);

    const mismatched = await queryFile(
      env.DATABASE_PATH,
      'SELECT id, vote_count FROM questions q WHERE vote_count != (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id)',
    );
    expect(mismatched).toEqual([]);
    const integrity = await queryFile<{ integrity_check: string }>(env.DATABASE_PATH, 'PRAGMA integrity_check');
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
  }, 60_000);
});
