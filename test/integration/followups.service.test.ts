import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.ts';
import { openDatabase, type Database, type Params, type Tx } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { insertDepartment } from '../../server/calendar/calendar.repository.ts';
import { createFollowupsService, type FollowupsService } from '../../server/followups/followups.service.ts';
import { createActorLimiter } from '../../server/limits/actor-limiter.ts';
import { insertQuestion } from '../../server/questions/questions.repository.ts';
import { createQuestionsService, type QuestionsService } from '../../server/questions/questions.service.ts';
import { insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { applyVoteChanges } from '../../server/votes/votes.repository.ts';

const moderator: Actor = { residentId: 'staff', ip: '127.0.0.1', staff: { id: 1, unitId: 1, username: 'mod', displayName: 'Mod', role: 'moderator', active: true } };
const resident = (id: string): Actor => ({ residentId: id, staff: null, ip: '127.0.0.1' });

/** The same database, counting the statements that its reads run. */
function countingReads(db: Database): { db: Database; count: () => number } {
  let statements = 0;
  const counted = (tx: Tx): Tx => ({
    run(sql: string, params?: Params) {
      statements += 1;
      return tx.run(sql, params);
    },
    get<T>(sql: string, params?: Params) {
      statements += 1;
      return tx.get<T>(sql, params);
    },
    all<T>(sql: string, params?: Params) {
      statements += 1;
      return tx.all<T>(sql, params);
    },
    exec(sql: string) {
      statements += 1;
      return tx.exec(sql);
    },
  });
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'read') return <T>(job: (tx: Tx) => Promise<T>) => target.read((tx) => job(counted(tx)));
      return Reflect.get(target, key, receiver);
    },
  });
  return { db: proxy, count: () => statements };
}

describe('follow-up rules against a real SQLite file, without a network', () => {
  let dir: string;
  let db: Database;
  let now: Date;
  let questions: QuestionsService;
  let followups: FollowupsService;
  let sessionId: number;
  let departmentId: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toadam-fu-'));
    db = await openDatabase(join(dir, 'fu.sqlite'));
    await migrate(db);
    now = new Date('2026-12-17T03:00:00.000Z');
    const clock = () => now;
    ({ sessionId, departmentId } = await db.write(async (tx) => {
      const unitId = await insertUnit(tx, 'Phường', now);
      const id = await insertSession(
        tx,
        unitId,
        { title: 'Phiên', theme: 'Chủ đề', description: '', officials: [], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 7_200_000).toISOString(), premoderated: false },
        'live',
        now,
      );
      return { sessionId: id, departmentId: (await insertDepartment(tx, unitId, 'Phòng Kinh tế')).id };
    }));
    questions = createQuestionsService({ db, clock, askLimit: createActorLimiter({ what: 'questions', perResident: 100, perIp: 1000, windowMs: 60_000, clock }) });
    followups = createFollowupsService({ db, clock, attachmentsDir: join(dir, 'attachments') });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (who: string, text: string) =>
    (await questions.ask(resident(who), { sessionId, text, clientKey: `k-${who}-${text.length}-${Math.random().toString(36).slice(2, 8)}`, publishName: false })).result;

  it('numbers tracking codes per month in Hanoi time, continuing across sessions and restarting each month', async () => {
    const codes: string[] = [];
    for (const at of ['2026-12-17T03:00:00Z', '2026-12-31T16:30:00Z', '2026-12-31T17:30:00Z', '2027-01-02T03:00:00Z']) {
      now = new Date(at);
      codes.push(await db.write(async (tx) => (await insertQuestion(tx, { sessionId, residentId: `r-${at}`, clientKey: `c-${at}`.replace(/[^A-Za-z0-9-]/g, ''), text: 'Câu hỏi đánh số', authorName: null, nameBasis: null, topic: null, status: 'pending', createdAt: now })).tracking_code));
    }
    expect(codes).toEqual(['TD-2026-12-0001', 'TD-2026-12-0002', 'TD-2027-01-0001', 'TD-2027-01-0002']);
  });

  it.each([
    [['a', 'b'], ['b', 'c'], 3],
    [['a'], ['a'], 1],
    [[], ['x', 'y'], 2],
    [['a', 'b', 'c'], [], 3],
  ])('merging a question voted by %j into one voted by %j leaves %i votes, each resident once', async (onKept, onDuplicate, expected) => {
    const kept = await ask('asker1', 'Câu hỏi được giữ lại khi gộp.');
    const duplicate = await ask('asker2', 'Câu hỏi trùng sẽ được gộp vào.');
    await db.write((tx) => applyVoteChanges(tx, [...onKept.map((r) => ({ questionId: kept.id, residentId: r, value: true })), ...onDuplicate.map((r) => ({ questionId: duplicate.id, residentId: r, value: true }))]));
    await questions.moderate(moderator, { questionId: duplicate.id, action: 'merge', intoQuestionId: kept.id });
    const rows = await db.all<{ id: number; vote_count: number; n: number }>(
      'SELECT id, vote_count, (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id) AS n FROM questions q WHERE id IN (?, ?) ORDER BY id',
      [kept.id, duplicate.id],
    );
    expect(rows).toEqual([
      { id: kept.id, vote_count: expected, n: expected },
      { id: duplicate.id, vote_count: 0, n: 0 },
    ]);
  });

  it('reads the report, the asker\'s list and the dashboard in as many statements for 8 follow-ups as for 2', async () => {
    const counted = countingReads(db);
    const lists = createFollowupsService({ db: counted.db, clock: () => now, attachmentsDir: join(dir, 'attachments') });
    const addFollowups = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        const q = await ask('asker', `Câu hỏi số ${i} cần trả lời bằng văn bản.`);
        await followups.assign(moderator, q.id, { departmentId, urgency: 'normal' });
      }
    };
    const statements = async () => {
      const before = counted.count();
      const asked = now;
      // Months later every follow-up is overdue, so the dashboard lists them all.
      now = new Date(asked.getTime() + 90 * 86_400_000);
      expect((await lists.report(sessionId)).length).toBeGreaterThan(0);
      expect((await lists.mine(resident('asker'))).length).toBeGreaterThan(0);
      expect((await lists.dashboard(moderator)).overdue.length).toBeGreaterThan(0);
      now = asked;
      return counted.count() - before;
    };
    await addFollowups(2);
    const forTwo = await statements();
    await addFollowups(6);
    expect(await statements()).toBe(forTwo);
  });

  it('lets only the asker rate, once, and only an answered question', async () => {
    const q = await ask('asker', 'Câu hỏi chờ trả lời bằng văn bản.');
    await expect(followups.rate(resident('asker'), q.id, { rating: 'satisfied' })).rejects.toMatchObject({ code: 'wrong_state' });
    await followups.assign(moderator, q.id, { departmentId, urgency: 'normal' });
    await expect(followups.rate(resident('asker'), q.id, { rating: 'satisfied' })).rejects.toMatchObject({ code: 'wrong_state' });
    await followups.answer(moderator, q.id, { text: 'Câu trả lời bằng văn bản đầy đủ.' });
    await expect(followups.rate(resident('someone-else'), q.id, { rating: 'satisfied' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await followups.rate(resident('asker'), q.id, { rating: 'not_satisfied', comment: 'Chưa rõ' })).rating).toBe('not_satisfied');
    await expect(followups.rate(resident('asker'), q.id, { rating: 'satisfied' })).rejects.toMatchObject({ code: 'conflict' });
  });
});
