import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.ts';
import { openDatabase, type Database } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { createActorLimiter } from '../../server/limits/actor-limiter.ts';
import { insertQuestion } from '../../server/questions/questions.repository.ts';
import { createQuestionsService, type QuestionsService } from '../../server/questions/questions.service.ts';
import type { Notice } from '../../server/core/notices.ts';
import { insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';

const now = new Date('2026-12-17T07:30:00.000Z');
const moderator: Actor = {
  residentId: 'staff-browser',
  ip: '127.0.0.1',
  staff: { id: 1, unitId: 1, username: 'mod', displayName: 'Mod', role: 'moderator', active: true },
};
const resident = (id: string): Actor => ({ residentId: id, staff: null, ip: '127.0.0.1' });

function audiences(notices: Notice[]) {
  return notices.map((n) => `${n.to.kind}:${n.event}`).sort();
}

describe('questions service against a real SQLite file, without a network', () => {
  let dir: string;
  let db: Database;
  let service: QuestionsService;
  let sessionId: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toadam-svc-'));
    db = await openDatabase(join(dir, 'svc.sqlite'));
    await migrate(db);
    sessionId = await db.write(async (tx) => {
      const unitId = await insertUnit(tx, 'Phường thử', now);
      return insertSession(
        tx,
        unitId,
        { title: 'Phiên thử', theme: 'Chủ đề', description: '', officials: [], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 7_200_000).toISOString(), premoderated: true },
        'live',
        now,
      );
    });
    service = createQuestionsService({
      db,
      clock: () => now,
      askLimit: createActorLimiter({ what: 'questions', perResident: 100, perIp: 1000, windowMs: 60_000, clock: () => now }),
    });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const askAs = (who: string, text: string) =>
    service.ask(resident(who), { sessionId, text, clientKey: `key-${who}-${text.length}`, publishName: false });

  it('tells only staff and the asker about a pending question', async () => {
    const { notices } = await askAs('r1', 'Một câu hỏi đang chờ duyệt.');
    expect(audiences(notices)).toEqual(['resident:question:mine', 'staff:question:changed']);
  });

  it('tells the public when a question is approved, and removes it from their lists when hidden again', async () => {
    const { result } = await askAs('r1', 'Một câu hỏi sẽ được duyệt rồi ẩn.');
    const approved = await service.moderate(moderator, { questionId: result.id, action: 'approve' });
    expect(audiences(approved.notices)).toEqual(['public:question:changed', 'resident:question:mine', 'staff:question:changed']);
    const hidden = await service.moderate(moderator, { questionId: result.id, action: 'reject', reason: 'offensive' });
    expect(audiences(hidden.notices)).toEqual(['public:question:removed', 'resident:question:mine', 'staff:question:changed']);
  });

  it('returns the question on stage to the approved list when another one goes up', async () => {
    const a = (await askAs('r1', 'Câu hỏi A lên sân khấu trước.')).result;
    const b = (await askAs('r2', 'Câu hỏi B lên sân khấu sau.')).result;
    for (const q of [a, b]) await service.moderate(moderator, { questionId: q.id, action: 'approve' });
    await service.moderate(moderator, { questionId: a.id, action: 'stage' });
    const second = await service.moderate(moderator, { questionId: b.id, action: 'stage' });
    const changed = second.notices.filter((n) => n.to.kind === 'public' && n.event === 'question:changed');
    expect(changed.map((n) => n.event === 'question:changed' && [n.payload.question.id, n.payload.question.status])).toEqual([
      [a.id, 'approved'],
      [b.id, 'on_stage'],
    ]);
    const versions = changed.map((n) => (n.event === 'question:changed' ? n.payload.version : -1));
    expect(versions[1]).toBe(versions[0]! + 1);
  });

  it('answers a retried action that already took effect with success, and changes nothing', async () => {
    const { result } = await askAs('r1', 'Câu hỏi được duyệt hai lần do mất xác nhận.');
    const first = await service.moderate(moderator, { questionId: result.id, action: 'approve' });
    const retry = await service.moderate(moderator, { questionId: result.id, action: 'approve' });
    expect(retry.result.status).toBe('approved');
    expect(retry.notices).toEqual([]);
    expect(first.notices.length).toBeGreaterThan(0);
    const audit = await db.all('SELECT id FROM audit_log WHERE question_id = ?', [result.id]);
    expect(audit).toHaveLength(1);
  });

  it('keeps the first wording when a question is edited twice', async () => {
    const { result } = await askAs('r1', 'nguyen van ban dau cua cau hoi');
    await service.moderate(moderator, { questionId: result.id, action: 'edit', text: 'Bản sửa lần thứ nhất của câu hỏi' });
    const second = await service.moderate(moderator, { questionId: result.id, action: 'edit', text: 'Bản sửa lần thứ hai của câu hỏi' });
    expect(second.result).toMatchObject({ text: 'Bản sửa lần thứ hai của câu hỏi', originalText: 'nguyen van ban dau cua cau hoi' });
  });

  it('serves one cached public snapshot per version to many residents', async () => {
    const first = await service.snapshot(resident('a'), sessionId);
    const second = await service.snapshot(resident('b'), sessionId);
    expect(second.questions).toBe(first.questions);
    const { result } = await askAs('c', 'Câu hỏi làm thay đổi danh sách công khai.');
    await service.moderate(moderator, { questionId: result.id, action: 'approve' });
    const third = await service.snapshot(resident('a'), sessionId);
    expect(third.version).toBe(first.version + 1);
    expect(third.questions.map((q) => q.id)).toContain(result.id);
  });

  it("gives each resident their own questions and votes of this session only, whether they asked, voted, both or neither", async () => {
    const asked = [(await askAs('both', 'Câu hỏi thứ nhất của người vừa hỏi vừa bình chọn.')).result.id, (await askAs('both', 'Câu hỏi thứ hai.')).result.id];
    const other = (await askAs('asker-only', 'Câu hỏi của người chỉ hỏi.')).result.id;
    for (const id of [...asked, other]) await service.moderate(moderator, { questionId: id, action: 'approve' });
    const elsewhere = await db.write(async (tx) => {
      const otherSession = await insertSession(
        tx,
        1,
        { title: 'Phiên khác', theme: 'Khác', description: '', officials: [], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 3_600_000).toISOString(), premoderated: false },
        'live',
        now,
      );
      const row = await insertQuestion(tx, { sessionId: otherSession, residentId: 'both', clientKey: 'elsewhere', text: 'Câu hỏi ở phiên khác', authorName: null, nameBasis: null, topic: null, status: 'approved', createdAt: now });
      return row.id;
    });
    await db.write(async (tx) => {
      for (const [questionId, who] of [[other, 'both'], [asked[0]!, 'voter-only'], [other, 'voter-only'], [elsewhere, 'both']] as const) {
        await tx.run('INSERT INTO votes (question_id, resident_id) VALUES (?, ?)', [questionId, who]);
      }
    });
    const own = async (who: string) => {
      const snapshot = await service.snapshot(resident(who), sessionId);
      return { mine: snapshot.mine.map((q) => q.id), myVotes: snapshot.myVotes };
    };
    expect(await own('both')).toEqual({ mine: asked, myVotes: [other] });
    expect(await own('asker-only')).toEqual({ mine: [other], myVotes: [] });
    expect(await own('voter-only')).toEqual({ mine: [], myVotes: [asked[0]!, other].sort((a, b) => a - b) });
    expect(await own('neither')).toEqual({ mine: [], myVotes: [] });
  });
});
