import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyStatus } from '../../shared/schemas/notify.ts';
import { nextEvent, resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, expectOk, queryFile, until } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const PUBLIC_URL = 'https://toadam.phuong.example';

describe('e-mail news of a question, through a real SMTP server on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-notify-'));
  let mailbox: Mailbox;
  let server: TestServer;
  let admin: Participant;
  let asker: Participant;
  let sessionId: number;
  let questionId: number;
  let code: string;

  const mailsTo = (address: string) => mailbox.to(address);
  const nextMail = (address: string, count: number) => mailbox.nth(address, count);

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({
      dir,
      env: { SMTP_URL: mailbox.url, SMTP_FROM: 'Phường Demo <toadam@phuong.example>', SMTP_REPLY_TO: 'vanphong@phuong.example', PUBLIC_URL, NOTIFY_RETRY_BASE_SECONDS: '0.1' },
    });
    sessionId = server.demoSessionId;
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    asker = await resident(server.url);
    const q = await ask(asker, sessionId, 'Khi nào phường sửa đèn đường ngõ 12?');
    questionId = q.id;
    code = q.trackingCode;
  });
  afterAll(async () => {
    for (const p of [admin, asker]) p?.close();
    await server?.close();
    await mailbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a contact without consent, and another resident’s question', async () => {
    const noConsent = await asker.http.json<{ error: { code: string } }>('PUT', `/api/me/questions/${questionId}/contact`, { channel: 'email', address: 'lan@example.vn' });
    expect(noConsent.status).toBe(400);
    const stranger = await resident(server.url);
    const other = await stranger.http.json('PUT', `/api/me/questions/${questionId}/contact`, { channel: 'email', address: 'x@example.vn', consent: true });
    expect(other.status).toBe(401);
    stranger.close();
  });

  it('sends the verification code once, and takes it back', async () => {
    const left = await asker.http.json<NotifyStatus>('PUT', `/api/me/questions/${questionId}/contact`, { channel: 'email', address: 'lan@example.vn', consent: true });
    expect(left.status).toBe(200);
    expect(left.body.contact).toEqual({ channel: 'email', masked: 'l***@example.vn', verified: false, stopped: false });
    const mail = await nextMail('lan@example.vn', 1);
    expect(mail.subject).toMatch(/^Mã xác nhận nhận tin về câu hỏi của bạn: \d{6}$/);
    expect(mail.from?.text).toContain('toadam@phuong.example');
    expect(mail.replyTo?.text).toBe('vanphong@phuong.example');
    const sent = /(\d{6})/.exec(mail.text ?? '')![1]!;
    const wrong = await asker.http.json('POST', `/api/me/questions/${questionId}/contact/verify`, { code: sent === '000000' ? '000001' : '000000' });
    expect(wrong.status).toBe(400);
    const ok = await asker.http.json<NotifyStatus>('POST', `/api/me/questions/${questionId}/contact/verify`, { code: sent });
    expect(ok.body.contact?.verified).toBe(true);
    // A question still pending is tracked by its code, but shows no news to whoever holds the code.
    expect(await asker.http.json('GET', `/api/questions/${code}/notifications`)).toEqual({ status: 200, body: { contact: null, deliveries: [] } });
    // The code leaves the database once it has been sent and used.
    const [row] = await queryFile<{ code_hash: string | null }>(server.dbPath, 'SELECT code_hash FROM contacts WHERE question_id = ?', [questionId]);
    expect(row!.code_hash).toBeNull();
    const outbox = await queryFile<{ params: string }>(server.dbPath, `SELECT params FROM notifications WHERE kind = 'verify'`);
    expect(outbox).toEqual([{ params: '{}' }]);
  });

  it('tells the asker their question was approved, assigned, and answered in writing, with the answer and a link', async () => {
    await approve(admin, questionId);
    const approved = await nextMail('lan@example.vn', 2);
    expect(approved.subject).toBe('Tọa đàm: tin về câu hỏi của bạn');
    expect(approved.text).toContain('Câu hỏi của bạn đã được duyệt');

    expectOk(await admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
    const dept = await admin.http.json<{ id: number }>('POST', '/api/admin/departments', { name: 'Phòng Kinh tế, Hạ tầng và Đô thị' });
    expect((await admin.http.json('POST', `/api/staff/questions/${questionId}/assign`, { departmentId: dept.body.id, urgency: 'normal' })).status).toBe(200);
    const assigned = await nextMail('lan@example.vn', 3);
    expect(assigned.text).toMatch(new RegExp(`Câu hỏi ${code} đã được giao cho Phòng Kinh tế, Hạ tầng và Đô thị, hạn trả lời \\d{4}-\\d{2}-\\d{2}`));

    const form = new FormData();
    form.set('text', 'Đèn đường ngõ 12 sẽ được thay trong tuần tới.');
    // The asker's open page hears of the answer at once, over its socket, with the answer itself.
    const pushed = nextEvent(asker.socket, 'followup:mine', ({ view }) => view.status === 'answered', 10_000);
    expect((await admin.http.upload(`/api/staff/questions/${questionId}/answer`, form)).status).toBe(200);
    expect((await pushed).view).toMatchObject({ question: { id: questionId }, status: 'answered', answer: { text: 'Đèn đường ngõ 12 sẽ được thay trong tuần tới.' } });
    const answered = await nextMail('lan@example.vn', 4);
    expect(answered.text).toContain(`Câu hỏi ${code} đã được Phòng Kinh tế, Hạ tầng và Đô thị trả lời bằng văn bản.`);
    expect(answered.text).toContain('Đèn đường ngõ 12 sẽ được thay trong tuần tới.');
    expect(answered.text).toContain(`${PUBLIC_URL}/q/${code}`);
    expect(answered.html).toContain(`href="${PUBLIC_URL}/q/${code}"`);
    expect(answered.messageId).toMatch(/^<answered-written:/);
    expect(answered.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(`<${PUBLIC_URL}/api/notify/stop/`);

    // The mail server takes a message a moment before the worker records it as sent.
    const status = await until(
      () => asker.http.json<NotifyStatus>('GET', `/api/questions/${code}/notifications`),
      (res) => res.body.deliveries.every((d) => d.state === 'sent' || d.state === 'dead'),
      'the deliveries recorded',
      10_000,
    );
    expect(status.body.deliveries.map((d) => [d.kind, d.state, d.channel])).toEqual([
      ['approved', 'sent', 'email'],
      ['assigned', 'sent', 'email'],
      ['answered_written', 'sent', 'email'],
    ]);
    // The public tracking page says news went out, never to whom.
    expect(status.body.contact?.masked).toBe('');
  });

  it('stops in one click: the link in the mail ends the news of this question', async () => {
    const last = mailsTo('lan@example.vn').at(-1)!;
    const stopUrl = new RegExp(`${PUBLIC_URL}(/api/notify/stop/[A-Za-z0-9_-]+)`).exec(last.text ?? '')![1]!;
    // A scanner that follows the link only opens a page that asks; the news goes on until its button is pressed.
    const page = await fetch(server.url + stopUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post"><button type="submit">Ngừng nhận tin<\/button><\/form>/);
    const before = await admin.http.json<NotifyStatus>('GET', `/api/staff/questions/${questionId}/notifications`);
    expect(before.body.contact).toMatchObject({ stopped: false });
    // The mail offers RFC 8058's one-click stop: its provider POSTs `List-Unsubscribe=One-Click` as a form, with no Origin.
    expect(last.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const res = await fetch(server.url + stopUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Đã ngừng gửi tin');
    const staffView = await admin.http.json<NotifyStatus>('GET', `/api/staff/questions/${questionId}/notifications`);
    expect(staffView.body.contact).toMatchObject({ masked: 'l***@example.vn', stopped: true });
  });
});
