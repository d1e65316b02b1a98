import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyStatus } from '../../shared/schemas/notify.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, expectOk, queryFile } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const FOLLOWER = 'minh.tran@example.vn';

describe('whoever holds a tracking code may ask for its news, verified by a code and rate limited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-notify-code-'));
  let mailbox: Mailbox;
  let server: TestServer;
  let admin: Participant;
  let asker: Participant;
  let follower: Participant;
  let questionId: number;
  let code: string;

  const mailsTo = (address: string) => mailbox.to(address);
  const nextMail = (address: string, count: number) => mailbox.nth(address, count);
  const sentCode = (mail: ParsedMail) => /(\d{6})/.exec(mail.subject ?? '')![1]!;
  const leave = (p: Participant, address = FOLLOWER) =>
    p.http.json<NotifyStatus>('PUT', `/api/questions/${code}/contact`, { channel: 'email', address, consent: true });
  const verify = (p: Participant, c: string) => p.http.json<NotifyStatus>('POST', `/api/questions/${code}/contact/verify`, { code: c });

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({ dir, env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://toadam.phuong.example', NOTIFY_RETRY_BASE_SECONDS: '0.1' } });
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    asker = await resident(server.url);
    follower = await resident(server.url);
    const q = await ask(asker, server.demoSessionId, 'Bao giờ phường lắp thêm đèn ở công viên Hòa Bình?');
    questionId = q.id;
    code = q.trackingCode;
  });
  afterAll(async () => {
    for (const p of [admin, asker, follower]) p?.close();
    await server?.close();
    await mailbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a question whose news is not public yet, and a contact without consent', async () => {
    // Another resident tries these, so the follower's own tries below stay within the hourly limit.
    const early = await resident(server.url);
    expect((await leave(early)).status).toBe(409);
    await approve(admin, questionId);
    const noConsent = await early.http.json('PUT', `/api/questions/${code}/contact`, { channel: 'email', address: FOLLOWER });
    expect(noConsent.status).toBe(400);
    expect((await early.http.json('PUT', '/api/questions/TD-2000-01-0001/contact', { channel: 'email', address: FOLLOWER, consent: true })).status).toBe(404);
    early.close();
  });

  it('sends a code once, counts wrong tries (five, then leave it again), and confirms the right one', async () => {
    const left = await leave(follower);
    expect(left.status).toBe(200);
    expect(left.body.contact).toEqual({ channel: 'email', masked: 'm***@example.vn', verified: false, stopped: false });
    const first = sentCode(await nextMail(FOLLOWER, 1));
    const wrong = first === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i += 1) expect((await verify(follower, wrong)).status).toBe(400);
    // The sixth try is refused even with the right code: the wrong ones were counted, not rolled back with the error.
    const refused = await verify(follower, first);
    expect(refused).toMatchObject({ status: 429, body: { error: { message: expect.stringContaining('too many wrong codes') } } });

    expect((await leave(follower)).status).toBe(200);
    const second = sentCode(await nextMail(FOLLOWER, 2));
    const ok = await verify(follower, second);
    expect(ok.status).toBe(200);
    expect(ok.body.contact?.verified).toBe(true);
  });

  it('tells the follower the news, and lets nobody replace a confirmed contact by the code', async () => {
    expectOk(await admin.send('session:transition', { sessionId: server.demoSessionId, to: 'live' }));
    expectOk(await admin.send('question:moderate', { questionId, action: 'stage' }));
    const news = await nextMail(FOLLOWER, 3);
    // Told as a follower of the question, by its code, not as its asker.
    expect(news.text).toContain(`Câu hỏi ${code} đang được đưa lên để trả lời trực tiếp.`);
    expect(news.text).toContain(`https://toadam.phuong.example/q/${code}`);
    const other = await resident(server.url);
    expect((await leave(other, 'ke.la@example.vn')).status).toBe(409);
    other.close();
  });

  it('points the news of a live answer at that moment of the replay', async () => {
    expectOk(await admin.send('question:moderate', { questionId, action: 'answer' }));
    const answered = await nextMail(FOLLOWER, 4);
    expect(answered.text).toContain(`Câu hỏi ${code} đã được trả lời trực tiếp tại phiên tọa đàm.`);
    expect(answered.text).toMatch(new RegExp(`https://toadam\\.phuong\\.example/s/${server.demoSessionId}/archive\\?t=\\d+\\n`));
  });

  it('does not tell a follower why a question was set aside (that goes to its asker alone)', async () => {
    const q = await ask(asker, server.demoSessionId, 'Phường có kế hoạch sửa cầu thang khu tập thể B2 không?');
    await approve(admin, q.id);
    const other = await resident(server.url);
    expect((await other.http.json('PUT', `/api/questions/${q.trackingCode}/contact`, { channel: 'email', address: 'theo.doi@example.vn', consent: true })).status).toBe(200);
    const sent = /(\d{6})/.exec((await nextMail('theo.doi@example.vn', 1)).subject ?? '')![1]!;
    expect((await other.http.json('POST', `/api/questions/${q.trackingCode}/contact/verify`, { code: sent })).status).toBe(200);
    expectOk(await admin.send('question:moderate', { questionId: q.id, action: 'reject', reason: 'duplicate' }));
    expect(await queryFile(server.dbPath, `SELECT kind FROM notifications WHERE question_id = ? AND kind <> 'verify'`, [q.id])).toEqual([]);
    other.close();
  });

  it('limits how often one resident may try', async () => {
    const eager = await resident(server.url);
    const answers: number[] = [];
    for (let i = 0; i < 11; i += 1) answers.push((await leave(eager, 'eager@example.vn')).status);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(409));
    expect(answers[10]).toBe(429);
    eager.close();
  });
});
