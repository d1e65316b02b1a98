import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffQuestion } from '../../shared/schemas/question.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { createStaffAccount, expectOk, otherUnitAdmin } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let nextYear = 2040;
/** A new session of the caller's unit, opened for questions; each in a year of its own, so none overlaps another. */
async function openSession(admin: Participant, title: string): Promise<number> {
  const year = nextYear++;
  const created = await admin.http.json<{ id: number }>('POST', '/api/admin/sessions', {
    title,
    theme: 'Thử khoá gửi lại',
    startsAt: `${year}-03-18T14:00:00+07:00`,
    endsAt: `${year}-03-18T16:00:00+07:00`,
  });
  expect(created.status).toBe(201);
  const opened = await admin.http.json('POST', `/api/admin/sessions/${created.body.id}/transition`, { to: 'open' });
  expect(opened.status).toBe(200);
  return created.body.id;
}

describe("a question's retry key is scoped to its session and author", () => {
  let server: TestServer;
  let admin: Participant;
  let otherAdmin: Participant;
  const open: Participant[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    otherAdmin = await otherUnitAdmin(server);
    open.push(admin, otherAdmin);
  });

  afterAll(async () => {
    for (const p of open) p.close();
    await server?.close();
  });

  it('the same key from the same resident in another session is a new question there', async () => {
    const first = await openSession(admin, 'Phiên thứ nhất');
    const second = await openSession(admin, 'Phiên thứ hai');
    const asker = await resident(server.url);
    open.push(asker);
    const key = 'same-key-0000001';
    const a = expectOk(await asker.send('question:ask', { sessionId: first, text: 'Câu hỏi gửi cho phiên thứ nhất.', clientKey: key }));
    const b = expectOk(await asker.send('question:ask', { sessionId: second, text: 'Câu hỏi gửi cho phiên thứ hai.', clientKey: key }));
    expect(b.sessionId).toBe(second);
    expect(b.id).not.toBe(a.id);
    expect(b.text).toBe('Câu hỏi gửi cho phiên thứ hai.');
    // A retry in the same session still lands once.
    const again = expectOk(await asker.send('question:ask', { sessionId: first, text: 'Câu hỏi gửi cho phiên thứ nhất.', clientKey: key }));
    expect(again.id).toBe(a.id);
  });

  it("a moderator of another unit reusing a staff-entered key gets a question of their own, not the first one's asker", async () => {
    const mine = await openSession(admin, 'Phiên của phường này');
    const theirs = await openSession(otherAdmin, 'Phiên của phường khác');
    const key = 'hotline-key-00001';
    const entry = { text: 'Câu hỏi nhận qua đường dây nóng.', name: 'Bà Nguyễn Thị Kín', channel: 'hotline', clientKey: key };
    const first = await admin.http.json<StaffQuestion>('POST', `/api/staff/sessions/${mine}/questions`, entry);
    expect(first.status).toBe(201);
    const reused = await otherAdmin.http.json<StaffQuestion>('POST', `/api/staff/sessions/${theirs}/questions`, {
      ...entry,
      text: 'Một câu hỏi khác của phường khác.',
      name: 'Ông Trần Văn Khác',
    });
    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(first.body.id);
    expect(reused.body.sessionId).toBe(theirs);
    expect(JSON.stringify(reused.body)).not.toContain('Kín');
    // Another moderator of the same unit, same session, same key: also a question of their own.
    const mod = await createStaffAccount(admin, 'moderator');
    const moderator = await staffMember(server.url, mod.username, mod.password);
    open.push(moderator);
    const byOther = await moderator.http.json<StaffQuestion>('POST', `/api/staff/sessions/${mine}/questions`, { ...entry, name: 'Ông Lê Văn Mới' });
    expect(byOther.body.id).not.toBe(first.body.id);
    // The same moderator retrying lands once.
    const retry = await admin.http.json<StaffQuestion>('POST', `/api/staff/sessions/${mine}/questions`, entry);
    expect(retry.body.id).toBe(first.body.id);
  });
});
