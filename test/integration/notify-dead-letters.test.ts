import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/staff/passwords.ts';
import { insertStaff } from '../../server/staff/staff.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import type { DeadLetter } from '../../shared/schemas/notify.ts';
import { clientKey, resident, staffMember, type Participant } from '../support/clients.ts';
import { expectOk, until } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const ADDRESS = 'dung.pham@example.vn';

describe('dead letters: staff of the unit see why a notification was given up, and send it again', () => {
  let mailbox: Mailbox;
  let server: TestServer;
  let admin: Participant;
  let otherAdmin: Participant;
  let someone: Participant;
  let dead: DeadLetter;

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({ env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://toadam.phuong.example', NOTIFY_RETRY_BASE_SECONDS: '0.1' } });
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    someone = await resident(server.url);
    const passwordHash = await hashPassword('other-unit-password');
    await server.platform.db.write(async (tx) => {
      const unitId = await insertUnit(tx, 'UBND phường Khác', new Date());
      await insertStaff(tx, { unitId, username: 'other-admin', displayName: 'Other', role: 'admin', passwordHash, now: new Date() });
    });
    otherAdmin = await staffMember(server.url, 'other-admin', 'other-unit-password');
  });
  afterAll(async () => {
    for (const p of [admin, otherAdmin, someone]) p?.close();
    await server?.close();
    await mailbox?.close();
  });

  it('lists a notification the mail server refused for good, with the reason and the contact masked', async () => {
    const entered = await admin.http.json<{ id: number }>('POST', `/api/staff/sessions/${server.demoSessionId}/questions`, {
      text: 'Ông Dũng gọi hỏi về việc cấp phép sửa nhà trong hẻm.',
      channel: 'hotline',
      clientKey: clientKey(),
    });
    expect(entered.status).toBe(201);
    expect((await admin.http.json('PUT', `/api/staff/questions/${entered.body.id}/contact`, { channel: 'email', address: ADDRESS, consent: true })).status).toBe(200);
    mailbox.refuseNext(1, 550);
    // Entered by staff, the question is published at once: setting it aside is the news here.
    expectOk(await admin.send('question:moderate', { questionId: entered.body.id, action: 'reject', reason: 'off_topic' }));
    const list = await until(
      async () => (await admin.http.json<DeadLetter[]>('GET', '/api/staff/notifications/dead')).body,
      (l) => l.length === 1,
      'the dead letter',
      20_000,
    );
    dead = list[0]!;
    expect(dead).toMatchObject({ questionId: entered.body.id, kind: 'rejected', channel: 'email', masked: 'd***@example.vn', attempts: 1 });
    expect(dead.trackingCode).toMatch(/^TD-\d{4}-\d{2}-\d{4}$/);
    expect(dead.error).toMatch(/^SMTP: .*550/);
    expect(mailbox.messages).toHaveLength(0);
  });

  it('shows another unit none of them, and lets only the unit’s staff retry', async () => {
    expect((await otherAdmin.http.json('GET', '/api/staff/notifications/dead')).body).toEqual([]);
    expect((await otherAdmin.http.json('POST', `/api/staff/notifications/${dead.id}/retry`, {})).status).toBe(403);
    expect((await someone.http.json('POST', `/api/staff/notifications/${dead.id}/retry`, {})).status).toBe(401);
    expect((await admin.http.json('POST', '/api/staff/notifications/999999/retry', {})).status).toBe(404);
  });

  it('sends it again from its first attempt, and only once', async () => {
    const retried = await admin.http.json<DeadLetter>('POST', `/api/staff/notifications/${dead.id}/retry`, {});
    expect(retried.status).toBe(200);
    expect(retried.body.attempts).toBe(0);
    const [mail] = await until(async () => mailbox.messages, (l) => l.length >= 1, 'the retried mail', 20_000);
    expect(mail!.text).toContain('Câu hỏi của bạn chưa được đăng. Lý do: không đúng chủ đề.');
    expect((await admin.http.json('GET', '/api/staff/notifications/dead')).body).toEqual([]);
    expect((await admin.http.json('POST', `/api/staff/notifications/${dead.id}/retry`, {})).status).toBe(409);
  });
});
