import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderStatus } from '../../shared/schemas/notify.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { formatMoment } from '../../shared/time.ts';
import { resident, type Participant } from '../support/clients.ts';
import { queryFile, until } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const ADDRESS = 'an.hoang@example.vn';
const HOUR = 3_600_000;

describe('reminders of a session, by e-mail, the day before and an hour before, through the outbox and the scheduler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-reminders-'));
  let now = new Date('2026-12-10T00:00:00.000Z');
  const clock = () => now;
  let mailbox: Mailbox;
  let server: TestServer;
  let someone: Participant;
  let session: Session;

  const mails = () => mailbox.to(ADDRESS);
  const mail = async (count: number): Promise<ParsedMail> => (await until(async () => mails(), (l) => l.length >= count, `mail #${count}`, 20_000))[count - 1]!;
  const reminders = () => queryFile<{ n: number }>(server.dbPath, 'SELECT COUNT(*) AS n FROM reminders');
  const path = () => `/api/sessions/${session.id}/reminder`;

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({ dir, clock, env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://toadam.phuong.example', NOTIFY_RETRY_BASE_SECONDS: '0.1' } });
    someone = await resident(server.url);
    session = (await someone.http.json<Session>('GET', `/api/sessions/${server.demoSessionId}`)).body;
    // Two days before the session: nothing is due yet.
    now = new Date(Date.parse(session.startsAt) - 48 * HOUR);
  });
  afterAll(async () => {
    someone?.close();
    await server?.close();
    await mailbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes an address only with consent, confirms it by a code, and counts wrong codes', async () => {
    expect((await someone.http.json('PUT', path(), { address: ADDRESS })).status).toBe(400);
    expect((await someone.http.json('PUT', path(), { address: 'không phải e-mail', consent: true })).status).toBe(400);
    expect((await someone.http.json('GET', path())).body).toBeNull();
    const asked = await someone.http.json<ReminderStatus>('PUT', path(), { address: ADDRESS, consent: true });
    expect(asked).toEqual({ status: 200, body: { masked: 'a***@example.vn', verified: false } });
    const codeMail = await mail(1);
    expect(codeMail.subject).toMatch(/^Mã xác nhận nhắc lịch tọa đàm: \d{6}$/);
    const code = /(\d{6})/.exec(codeMail.subject!)![1]!;
    // The code is not a question's tracking code: the mail links to no tracking page.
    expect(codeMail.text).not.toContain('/q/');
    expect((await someone.http.json('POST', `${path()}/verify`, { code: code === '000000' ? '000001' : '000000' })).status).toBe(400);
    const [tries] = await queryFile<{ code_attempts: number }>(server.dbPath, 'SELECT code_attempts FROM reminders');
    expect(tries!.code_attempts).toBe(1);
    expect((await someone.http.json<ReminderStatus>('POST', `${path()}/verify`, { code })).body).toEqual({ masked: 'a***@example.vn', verified: true });
    expect((await someone.http.json('GET', path())).body).toEqual({ masked: 'a***@example.vn', verified: true });
  });

  it('writes nothing while the session is more than a day away', async () => {
    await server.platform.app.scheduler.tick();
    await new Promise((r) => setTimeout(r, 1000));
    expect(mails()).toHaveLength(1);
  });

  it('deletes a reminder by the button of its stop link (not by the link alone), and on erasure', async () => {
    const other = await resident(server.url);
    expect((await other.http.json('PUT', path(), { address: 'xoa.nhac@example.vn', consent: true })).status).toBe(200);
    const [codeMail] = await until(async () => mailbox.messages.filter((m) => m.subject?.startsWith('Mã xác nhận nhắc lịch') && m.text?.includes('xoa') === false && m.to && !Array.isArray(m.to) && m.to.value[0]?.address === 'xoa.nhac@example.vn'), (l) => l.length === 1, 'the code mail', 20_000);
    const stop = /https:\/\/toadam\.phuong\.example(\/api\/notify\/stop\/[A-Za-z0-9_-]+)/.exec(codeMail!.text ?? '')![1]!;
    expect((await fetch(server.url + stop)).status).toBe(200);
    expect(await reminders()).toEqual([{ n: 2 }]);
    expect((await fetch(server.url + stop, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    expect(await reminders()).toEqual([{ n: 1 }]);

    expect((await other.http.json('PUT', path(), { address: 'xoa.nhac@example.vn', consent: true })).status).toBe(200);
    expect(await reminders()).toEqual([{ n: 2 }]);
    expect((await other.http.json('POST', '/api/me/erase', { confirm: true })).status).toBe(200);
    expect(await reminders()).toEqual([{ n: 1 }]);
    other.close();
  });

  it('reminds the day before, once, with the time in Vietnam and a link to the session', async () => {
    now = new Date(Date.parse(session.startsAt) - 23 * HOUR);
    await server.platform.app.scheduler.tick();
    await server.platform.app.scheduler.tick();
    const day = await mail(2);
    expect(day.subject).toBe('Tọa đàm: nhắc lịch');
    expect(day.text).toContain(`Nhắc lịch: "${session.title}" bắt đầu lúc ${formatMoment(session.startsAt, 'vi')}.`);
    expect(day.text).toContain(`https://toadam.phuong.example/s/${session.id}`);
    expect(day.text).toMatch(/Hủy nhắc lịch buổi này: https:\/\/toadam\.phuong\.example\/api\/notify\/stop\//);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mails()).toHaveLength(2);
  });

  it('reminds an hour before, and deletes the reminder once the session has ended', async () => {
    now = new Date(Date.parse(session.startsAt) - 50 * 60_000);
    await server.platform.app.scheduler.tick();
    const hour = await mail(3);
    expect(hour.text).toContain(`Nhắc lịch: khoảng một giờ nữa, "${session.title}" bắt đầu`);
    expect(await reminders()).toEqual([{ n: 1 }]);
    now = new Date(Date.parse(session.endsAt) + 60_000);
    await server.platform.app.scheduler.tick();
    expect(await reminders()).toEqual([{ n: 0 }]);
    expect(await queryFile(server.dbPath, 'SELECT kind FROM notifications WHERE reminder_id IS NOT NULL')).toEqual([]);
    expect(mails()).toHaveLength(3);
    // A session that has started can no longer be asked to remind.
    expect((await someone.http.json('PUT', path(), { address: ADDRESS, consent: true })).status).toBe(409);
  });
});
