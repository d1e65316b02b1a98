import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.ts';
import type { Database } from '../../server/core/db/database.ts';
import { insertDepartment } from '../../server/calendar/calendar.repository.ts';
import { createFollowupsService } from '../../server/followups/followups.service.ts';
import { createActorLimiter } from '../../server/limits/actor-limiter.ts';
import { DeliveryError, type Channel, type OutgoingMessage } from '../../server/notify/channels.ts';
import { createNotifier } from '../../server/notify/notifier.ts';
import { createNotifyService, type NotifyService } from '../../server/notify/notify.service.ts';
import { enqueueNotification } from '../../server/core/outbox.repository.ts';
import { deleteQuestion } from '../../server/privacy/privacy.repository.ts';
import { createQuestionsService, type QuestionsService } from '../../server/questions/questions.service.ts';
import { liveSessionDatabase } from '../support/service-db.ts';

const moderator: Actor = { residentId: 'staff', ip: '127.0.0.1', staff: { id: 1, unitId: 1, username: 'mod', displayName: 'Mod', role: 'moderator', active: true } };
const asker: Actor = { residentId: 'r1', staff: null, ip: '127.0.0.1' };

/** A channel that records what it is asked to send and fails as told. */
function fakeChannel() {
  const sent: OutgoingMessage[] = [];
  let failWith: DeliveryError | null = null;
  const channel: Channel & { sent: OutgoingMessage[]; fail(error: DeliveryError | null): void } = {
    name: 'email',
    sent,
    fail: (error) => (failWith = error),
    async send(message) {
      if (failWith) throw failWith;
      sent.push(message);
    },
  };
  return channel;
}

describe('the notification outbox against a real SQLite file', () => {
  let dir: string;
  let db: Database;
  let now: Date;
  let questions: QuestionsService;
  let notify: NotifyService;
  let channel: ReturnType<typeof fakeChannel>;
  let notifier: ReturnType<typeof createNotifier>;
  let sessionId: number;

  beforeEach(async () => {
    now = new Date('2026-12-17T03:00:00.000Z');
    ({ dir, db, sessionId } = await liveSessionDatabase('toadam-outbox-', now));
    const clock = () => now;
    questions = createQuestionsService({ db, clock, askLimit: createActorLimiter({ what: 'questions', perResident: 100, perIp: 1000, windowMs: 60_000, clock }) });
    notify = createNotifyService({ db, clock, wake: () => undefined });
    channel = fakeChannel();
    notifier = createNotifier({ db, clock, logger: pino({ level: 'silent' }), channels: [channel], publicUrl: () => 'https://x.example', maxAttempts: 4, retryBaseMs: 1000, perContactPerDay: 3, contactGraceMs: 7 * 86_400_000 });
  });
  afterEach(async () => {
    await notifier.stop();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A question of the asker's with a verified e-mail contact; the verification mail is delivered and forgotten. */
  async function questionWithContact(text = 'Câu hỏi có địa chỉ nhận tin.'): Promise<number> {
    const q = (await questions.ask(asker, { sessionId, text, clientKey: `k-${Math.random().toString(36).slice(2)}`, publishName: false })).result;
    await notify.leaveContact(asker, q.id, { channel: 'email', address: 'lan@example.vn', lang: 'vi', consent: true });
    await notifier.tick();
    const code = /(\d{6})/.exec(channel.sent.pop()!.text)![1]!;
    await notify.verify(asker, q.id, { code });
    return q.id;
  }
  const rows = (questionId: number) => db.all<{ kind: string; state: string; attempts: number; next_at: string; last_error: string | null }>(
    `SELECT kind, state, attempts, next_at, last_error FROM notifications WHERE question_id = ? AND kind <> 'verify' ORDER BY id`,
    [questionId],
  );

  it('sends nothing for a change that rolled back, and sends the same change once it commits', async () => {
    const id = await questionWithContact();
    // A later statement of the same transaction fails: bumping the session's feed versions after the outbox row.
    await db.write((tx) => tx.exec(`CREATE TRIGGER fail_bump BEFORE UPDATE ON sessions BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`));
    await expect(questions.moderate(moderator, { questionId: id, action: 'reject', reason: 'off_topic' })).rejects.toThrow(/disk on fire/);
    expect(await rows(id)).toEqual([]);
    await notifier.tick();
    expect(channel.sent).toEqual([]);

    await db.write((tx) => tx.exec('DROP TRIGGER fail_bump'));
    await questions.moderate(moderator, { questionId: id, action: 'reject', reason: 'off_topic' });
    await notifier.tick();
    expect(channel.sent.map((m) => m.text.split('\n')[0])).toEqual(['Câu hỏi của bạn chưa được đăng. Lý do: không đúng chủ đề.']);
  });

  it('tells nothing to a contact not yet verified, except its code', async () => {
    const q = (await questions.ask(asker, { sessionId, text: 'Câu hỏi chưa xác nhận.', clientKey: 'k-unverified', publishName: false })).result;
    await notify.leaveContact(asker, q.id, { channel: 'email', address: 'lan@example.vn', lang: 'en', consent: true });
    await questions.moderate(moderator, { questionId: q.id, action: 'approve' });
    await notifier.tick();
    expect(channel.sent.map((m) => m.subject)).toEqual([expect.stringMatching(/^Your code to get news of your question: \d{6}$/)]);
  });

  it('enqueues one notification per key, however often the change is replayed', async () => {
    const id = await questionWithContact();
    for (let i = 0; i < 3; i += 1) await db.write((tx) => enqueueNotification(tx, { questionId: id, kind: 'approved', key: `approved:${id}:7`, now }));
    await notifier.tick();
    await notifier.tick();
    expect(channel.sent).toHaveLength(1);
  });

  it('retries with exponential backoff, then dead-letters with the reason for staff', async () => {
    const id = await questionWithContact();
    channel.fail(new DeliveryError('SMTP: connect ECONNREFUSED'));
    await questions.moderate(moderator, { questionId: id, action: 'approve' });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const started = now.getTime();
      expect(await notifier.tick()).toBe(1);
      const [row] = await rows(id);
      expect(row!.attempts).toBe(attempt);
      if (row!.state === 'dead') break;
      waits.push(new Date(row!.next_at).getTime() - started);
      expect(await notifier.tick()).toBe(0);
      now = new Date(row!.next_at);
    }
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(await rows(id)).toEqual([expect.objectContaining({ state: 'dead', attempts: 4, last_error: 'SMTP: connect ECONNREFUSED' })]);
    const staff = await notify.forStaff(moderator, id);
    expect(staff.deliveries).toEqual([{ kind: 'approved', state: 'dead', channel: null, sentAt: null, error: 'SMTP: connect ECONNREFUSED' }]);
  });

  it('dead-letters a permanent refusal at once', async () => {
    const id = await questionWithContact();
    channel.fail(new DeliveryError('SMTP: 550 no such mailbox', true));
    await questions.moderate(moderator, { questionId: id, action: 'approve' });
    await notifier.tick();
    expect(await rows(id)).toEqual([expect.objectContaining({ state: 'dead', attempts: 1 })]);
  });

  it('holds messages over the per-contact daily limit until the next day', async () => {
    const id = await questionWithContact();
    for (let i = 0; i < 5; i += 1) await db.write((tx) => enqueueNotification(tx, { questionId: id, kind: 'approved', key: `approved:${id}:${i}`, now }));
    await notifier.tick();
    // The verification code counts too: 1 + 2 news make the limit of 3.
    expect(channel.sent).toHaveLength(2);
    await notifier.tick();
    expect(channel.sent).toHaveLength(2);
    // A day later the three held ones go, within the next day's limit.
    now = new Date(now.getTime() + 86_400_000 + 1000);
    await notifier.tick();
    expect(channel.sent).toHaveLength(5);
    // The limit is the address's, whichever question it was left for: a new question's code waits too.
    const other = (await questions.ask(asker, { sessionId, text: 'Câu hỏi khác, cùng địa chỉ.', clientKey: 'k-same-address', publishName: false })).result;
    await notify.leaveContact(asker, other.id, { channel: 'email', address: 'lan@example.vn', lang: 'vi', consent: true });
    await notifier.tick();
    expect(channel.sent).toHaveLength(5);
  });

  it('tells of an overdue follow-up once per due day, and deletes the contact a grace period after the answer', async () => {
    const id = await questionWithContact();
    await questions.moderate(moderator, { questionId: id, action: 'approve' });
    const followups = createFollowupsService({ db, clock: () => now, attachmentsDir: join(dir, 'attachments') });
    const departmentId = (await db.write((tx) => insertDepartment(tx, 1, 'Phòng Tài nguyên'))).id;
    const { result: assigned } = await followups.assign(moderator, id, { departmentId, urgency: 'urgent' });
    now = new Date(`${assigned.dueDay}T20:00:00.000Z`);
    for (let i = 0; i < 3; i += 1) await notifier.housekeeping();
    expect((await rows(id)).map((r) => r.kind)).toEqual(['approved', 'assigned', 'overdue']);
    await notifier.tick();
    expect(channel.sent.at(-1)!.text).toContain(`đã quá hạn trả lời (${assigned.dueDay})`);

    await followups.answer(moderator, id, { text: 'Đã xử lý xong.' });
    now = new Date(now.getTime() + 6 * 86_400_000);
    await notifier.housekeeping();
    expect(await db.all('SELECT question_id FROM contacts')).toEqual([{ question_id: id }]);
    now = new Date(now.getTime() + 2 * 86_400_000);
    await notifier.housekeeping();
    expect(await db.all('SELECT question_id FROM contacts')).toEqual([]);
  });

  it('forgets the contact and what was still to be sent when the question is erased', async () => {
    const id = await questionWithContact();
    channel.fail(new DeliveryError('later'));
    await questions.moderate(moderator, { questionId: id, action: 'approve' });
    await db.write((tx) => deleteQuestion(tx, id));
    expect(await db.all('SELECT * FROM contacts')).toEqual([]);
    expect(await db.all('SELECT * FROM notifications')).toEqual([]);
  });
});
