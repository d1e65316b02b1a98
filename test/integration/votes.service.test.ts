import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database, type Tx } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { createActorLimiter } from '../../server/limits/actor-limiter.ts';
import { insertQuestion } from '../../server/questions/questions.repository.ts';
import { insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { createWriteTurns, endTurn, takeTurn } from '../../server/core/db/write-turns.ts';
import { createVoteWriterThread } from '../../server/votes/vote-writer-thread.ts';
import { createVoteWriter, type VoteWriter } from '../../server/votes/vote-writer.ts';
import { createVotesService, type VotesService } from '../../server/votes/votes.service.ts';

const now = new Date('2026-12-17T07:30:00.000Z');
const resident = (n: number) => ({ residentId: `resident-${n}`, staff: null, ip: '127.0.0.1' });

/** A unit with one live session, where votes are taken. */
async function liveSession(tx: Tx): Promise<number> {
  const unitId = await insertUnit(tx, 'Phường thử', now);
  return insertSession(
    tx,
    unitId,
    { title: 'Phiên', theme: 'Chủ đề', description: '', officials: [], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 3_600_000).toISOString(), premoderated: true },
    'live',
    now,
  );
}

const writers: Array<[string, (db: Database) => VoteWriter & { close?: () => Promise<void> }]> = [
  ['in the main thread', (db) => createVoteWriter(db)],
  ['on its own thread and connection', (db) => createVoteWriterThread({ path: db.path, maxVotesPerJob: 256, writeTurns: db.writeTurns })],
];

describe.each(writers)('votes written in batches %s', (_, makeWriter) => {
  let dir: string;
  let db: Database;
  let writer: ReturnType<typeof makeWriter>;
  let votes: VotesService;
  let sessionId: number;
  const ids: Record<'open' | 'pending' | 'answered', number> = { open: 0, pending: 0, answered: 0 };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toadam-votes-'));
    db = await openDatabase(join(dir, 'votes.sqlite'));
    await migrate(db);
    await db.write(async (tx) => {
      sessionId = await liveSession(tx);
      for (const status of ['open', 'pending', 'answered'] as const) {
        const row = await insertQuestion(tx, {
          sessionId,
          residentId: 'asker',
          clientKey: `key-${status}`,
          text: `Câu hỏi ở trạng thái ${status}`,
          authorName: null,
          nameBasis: null,
          topic: null,
          status: status === 'open' ? 'approved' : status,
          createdAt: now,
        });
        ids[status] = row.id;
      }
    });
    writer = makeWriter(db);
    votes = createVotesService({
      db,
      writer,
      voteLimit: createActorLimiter({ what: 'votes', perResident: 1000, perIp: 100_000, windowMs: 60_000, clock: () => now }),
    });
  });
  afterEach(async () => {
    await writer.close?.();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acks each vote of a concurrent storm with the count after its commit, and counts equal rows', async () => {
    const results = await Promise.all(Array.from({ length: 300 }, (_, n) => votes.setVote(resident(n), { questionId: ids.open, value: true })));
    expect(results.every((r) => r.result.votes >= 1 && r.result.votes <= 300)).toBe(true);
    expect(Math.max(...results.map((r) => r.result.votes))).toBe(300);
    const row = await db.get<{ vote_count: number; rows: number }>(
      'SELECT vote_count, (SELECT COUNT(*) FROM votes WHERE question_id = ?) AS rows FROM questions WHERE id = ?',
      [ids.open, ids.open],
    );
    expect(row).toEqual({ vote_count: 300, rows: 300 });
  });

  it('refuses the bad votes of a batch alone and lets the last wish of a resident win', async () => {
    const outcomes = await Promise.allSettled([
      votes.setVote(resident(1), { questionId: ids.open, value: true }),
      votes.setVote(resident(2), { questionId: ids.pending, value: true }),
      votes.setVote(resident(3), { questionId: ids.answered, value: true }),
      votes.setVote(resident(4), { questionId: 999_999, value: true }),
      votes.setVote(resident(1), { questionId: ids.open, value: false }),
      votes.setVote(resident(5), { questionId: ids.open, value: true }),
      votes.setVote(resident(5), { questionId: ids.open, value: true }),
    ]);
    const codes = outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as { code: string }).code));
    expect(codes).toEqual(['ok', 'not_found', 'wrong_state', 'not_found', 'ok', 'ok', 'ok']);
    const rows = await db.all<{ resident_id: string }>('SELECT resident_id FROM votes ORDER BY resident_id');
    expect(rows).toEqual([{ resident_id: 'resident-5' }]);
    expect((await db.get<{ vote_count: number }>('SELECT vote_count FROM questions WHERE id = ?', [ids.open]))!.vote_count).toBe(1);
  });

  it("refuses an asker's vote for their own question with own_question, and lets them take back one cast before", async () => {
    const asker = { residentId: 'asker', staff: null, ip: '127.0.0.1' };
    await expect(votes.setVote(asker, { questionId: ids.open, value: true })).rejects.toMatchObject({ code: 'own_question' });
    expect(await db.all('SELECT * FROM votes')).toEqual([]);
    await db.write(async (tx) => {
      await tx.run("INSERT INTO votes (question_id, resident_id) VALUES (?, 'asker')", [ids.open]);
      await tx.run('UPDATE questions SET vote_count = 1 WHERE id = ?', [ids.open]);
    });
    const { result } = await votes.setVote(asker, { questionId: ids.open, value: false });
    expect(result).toEqual({ questionId: ids.open, value: false, votes: 0 });
  });

  it('waits while another writer of the process has its turn at the write lock, and goes as soon as it ends', async () => {
    await takeTurn(db.writeTurns);
    let settled = false;
    const vote = votes.setVote(resident(7), { questionId: ids.open, value: true }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    expect(await db.get('SELECT 1 FROM votes WHERE resident_id = ?', ['resident-7'])).toBeUndefined();
    endTurn(db.writeTurns);
    await expect(vote).resolves.toMatchObject({ result: { votes: 1 } });
  });

  it('numbers a tally with the next versions and the counts at them, in question order', async () => {
    await votes.setVote(resident(1), { questionId: ids.open, value: true });
    await votes.setVote(resident(2), { questionId: ids.open, value: true });
    const before = await db.get<{ public_version: number; staff_version: number }>('SELECT public_version, staff_version FROM sessions');
    const notices = await votes.tally(sessionId, [ids.answered, ids.open]);
    expect(notices.map((n) => [n.to.kind, n.payload])).toEqual([
      ['public', { sessionId, version: before!.public_version + 1, counts: [[ids.open, 2], [ids.answered, 0]] }],
      ['staff', { sessionId, version: before!.staff_version + 1, counts: [[ids.open, 2], [ids.answered, 0]] }],
    ]);
    await expect(votes.tally(999_999, [ids.open])).rejects.toThrow(/vanished/);
  });

  it('takes turns with writes on the main connection, and after close refuses new votes', async () => {
    const storm = Array.from({ length: 400 }, (_, n) => votes.setVote(resident(n % 200), { questionId: ids.open, value: n < 200 || n % 2 === 0 }));
    const edits = Array.from({ length: 40 }, (_, n) =>
      db.write((tx) => tx.run('UPDATE questions SET text = ? WHERE id = ?', [`Câu hỏi đã sửa ${n}`, ids.pending])),
    );
    const settled = await Promise.allSettled([...storm, ...edits]);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    const row = await db.get<{ vote_count: number; rows: number }>(
      'SELECT vote_count, (SELECT COUNT(*) FROM votes WHERE question_id = ?) AS rows FROM questions WHERE id = ?',
      [ids.open, ids.open],
    );
    expect(row).toEqual({ vote_count: 100, rows: 100 });
    await writer.close?.();
    if (writer.close) await expect(votes.setVote(resident(1), { questionId: ids.open, value: true })).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('the vote writer thread', () => {
  it('rejects votes with the reason when its database cannot be opened, instead of leaving them unacked', async () => {
    const writer = createVoteWriterThread({ path: join(tmpdir(), 'toadam-no-such-dir', 'nested', 'votes.sqlite'), maxVotesPerJob: 256, writeTurns: createWriteTurns() });
    await expect(writer.submit({ residentId: 'r', questionId: 1, value: true })).rejects.toThrow(/SQLITE_CANTOPEN|unable to open|vote writer thread/);
    await writer.close();
  });

  it("commits votes while a tally is written, without waiting for the main event loop's turns", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toadam-votes-'));
    const db = await openDatabase(join(dir, 'votes.sqlite'));
    await migrate(db);
    let sessionId = 0;
    let questionId = 0;
    await db.write(async (tx) => {
      sessionId = await liveSession(tx);
      const row = await insertQuestion(tx, { sessionId, residentId: 'asker', clientKey: 'k', text: 'Câu hỏi về đèn đường', authorName: null, nameBasis: null, topic: null, status: 'approved', createdAt: now });
      questionId = row.id;
    });
    const writer = createVoteWriterThread({ path: db.path, maxVotesPerJob: 256, writeTurns: db.writeTurns });
    const votes = createVotesService({ db, writer, voteLimit: createActorLimiter({ what: 'votes', perResident: 1000, perIp: 100_000, windowMs: 60_000, clock: () => now }) });
    try {
      await votes.setVote(resident(1), { questionId, value: true });
      // A fan-out holds the main event loop for a while at each turn; here every turn holds it for 150 ms. The
      // tally takes its turn at the write lock first and the vote queues behind it. A tally that held the lock
      // from BEGIN to COMMIT kept the vote waiting for four such turns (one per statement); one statement
      // that commits alone keeps it for one.
      const busyMs = 150;
      let turns = 0;
      let votedAtTurn = Infinity;
      const tallied = votes.tally(sessionId, [questionId]);
      const voted = votes.setVote(resident(2), { questionId, value: true }).then(() => (votedAtTurn = turns));
      await new Promise<void>((resolve) => {
        const hold = () => {
          turns += 1;
          const until = performance.now() + busyMs;
          while (performance.now() < until);
          if (turns < 10 && votedAtTurn === Infinity) setImmediate(hold);
          else resolve();
        };
        setImmediate(hold);
      });
      await Promise.all([tallied, voted]);
      expect(votedAtTurn).toBeLessThanOrEqual(3);
    } finally {
      await writer.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('sends votes that arrive turn after turn to the thread at most once per gathering interval, not once per turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toadam-votes-'));
    const db = await openDatabase(join(dir, 'votes.sqlite'));
    await migrate(db);
    const questionId = await db.write(async (tx) => {
      const sessionId = await liveSession(tx);
      return (await insertQuestion(tx, { sessionId, residentId: 'asker', clientKey: 'k', text: 'Câu hỏi về chợ tạm', authorName: null, nameBasis: null, topic: null, status: 'approved', createdAt: now })).id;
    });
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    const gatherMs = 20;
    const writer = createVoteWriterThread({ path: db.path, maxVotesPerJob: 256, writeTurns: db.writeTurns, gatherMs });
    try {
      // A storm as the socket server reads it: a vote or two in each turn of the event loop. Each message wakes the
      // thread and usually costs a commit; one per turn made hundreds a second.
      const acks: Array<Promise<unknown>> = [];
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const next = () => {
          acks.push(writer.submit({ residentId: `resident-${acks.length}`, questionId, value: true }));
          if (acks.length < 300) setImmediate(next);
          else resolve();
        };
        next();
      });
      const submittedMs = performance.now() - started;
      const outcomes = await Promise.all(acks);
      expect(outcomes.at(-1)).toMatchObject({ result: { votes: 300 } });
      const batches = posted.mock.calls.filter(([message]) => (message as { type: string }).type === 'votes');
      expect(batches.length).toBeLessThanOrEqual(Math.ceil(submittedMs / gatherMs) + 2);
      expect(await db.get('SELECT vote_count FROM questions WHERE id = ?', [questionId])).toEqual({ vote_count: 300 });
    } finally {
      posted.mockRestore();
      await writer.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 009', () => {
  it("takes back the votes askers cast for their own questions before the rule, keeping counts equal to rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toadam-votes-'));
    const db = await openDatabase(join(dir, 'votes.sqlite'));
    try {
      await migrate(db);
      const ids = await db.write(async (tx) => {
        const sessionId = await liveSession(tx);
        const ask = (residentId: string) =>
          insertQuestion(tx, { sessionId, residentId, clientKey: `key-${residentId}`, text: `Câu hỏi của ${residentId}`, authorName: null, nameBasis: null, topic: null, status: 'approved', createdAt: now });
        const [a, b] = [(await ask('asker-a')).id, (await ask('asker-b')).id];
        for (const [question, resident] of [[a, 'asker-a'], [a, 'asker-b'], [b, 'asker-a']] as const) {
          await tx.run('INSERT INTO votes (question_id, resident_id) VALUES (?, ?)', [question, resident]);
          await tx.run('UPDATE questions SET vote_count = vote_count + 1 WHERE id = ?', [question]);
        }
        await tx.run("DELETE FROM schema_migrations WHERE name = '009_no_own_votes.sql'");
        return { a, b };
      });
      expect(await migrate(db)).toEqual(['009_no_own_votes.sql']);
      expect(await db.all('SELECT question_id, resident_id FROM votes ORDER BY question_id')).toEqual([
        { question_id: ids.a, resident_id: 'asker-b' },
        { question_id: ids.b, resident_id: 'asker-a' },
      ]);
      expect(await db.all('SELECT id, vote_count FROM questions ORDER BY id')).toEqual([
        { id: ids.a, vote_count: 1 },
        { id: ids.b, vote_count: 1 },
      ]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
