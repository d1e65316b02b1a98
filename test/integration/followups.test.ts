import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowupView } from '../../shared/schemas/followup.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, createStaffAccount, expectOk, queryFile } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const NOT_PDF = Buffer.from('<html><script>alert(1)</script></html>');

/** An answer as the staff page sends it: the text, and the file as a multipart part. */
function answerForm(text: string, file?: { name: string; bytes: Buffer }): FormData {
  const form = new FormData();
  form.set('text', text);
  if (file) form.set('attachment', new Blob([new Uint8Array(file.bytes)]), file.name);
  return form;
}

describe('no question dropped: the follow-up life cycle over the real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-followups-'));
  // Thursday 17 December 2026, 10:00 in Hanoi.
  let now = new Date('2026-12-17T03:00:00.000Z');
  let server: TestServer;
  let admin: Participant;
  let moderator: Participant;
  let asker: Participant;
  let neighbour: Participant;
  let sessionId: number;
  const departments: Record<string, number> = {};
  let MODERATOR_PASSWORD = '';
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer({ dir, clock: () => now });
    sessionId = server.demoSessionId;
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    const mod = await createStaffAccount(admin, 'moderator');
    MODERATOR_PASSWORD = mod.password;
    moderator = await staffMember(server.url, mod.username, mod.password);
    asker = await resident(server.url);
    neighbour = await resident(server.url);
    for (const name of ['Phòng Kinh tế, Hạ tầng và Đô thị', 'Công an phường']) {
      const res = await admin.http.json<{ id: number }>('POST', '/api/admin/departments', { name });
      departments[name] = res.body.id;
    }
    expect((await admin.http.json('PUT', '/api/admin/allowances', { urgent: 2, normal: 5, complex: 15 })).status).toBe(200);
    for (const key of ['written', 'closed', 'kept', 'duplicate', 'pending']) {
      const q = await ask(asker, sessionId, `Câu hỏi cho phần tiếp nhận sau buổi: ${key}.`);
      if (key !== 'duplicate' && key !== 'pending') await approve(moderator, q.id);
      ids[key] = q.id;
    }
    expectOk(await neighbour.send('vote:set', { questionId: ids.kept!, value: true }));
    // A second voter other than the asker, whose own vote is not counted.
    const passerby = await resident(server.url);
    expectOk(await passerby.send('vote:set', { questionId: ids.kept!, value: true }));
    passerby.close();
    expectOk(await admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
  });
  afterAll(async () => {
    for (const p of [admin, moderator, asker, neighbour]) p?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = <T>(who: Participant, path: string, body: unknown) => who.http.json<T>('POST', path, body);

  /** Moves the clock; staff sign-ins last 12 hours, so they sign in again the next day, as they would. */
  async function advanceTo(iso: string) {
    now = new Date(iso);
    for (const p of [admin, moderator]) p.close();
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    moderator = await staffMember(server.url, moderator.me.staff!.username, MODERATOR_PASSWORD);
  }

  it('gives every question a tracking code the asker sees', async () => {
    const rows = await queryFile<{ tracking_code: string }>(server.dbPath, 'SELECT tracking_code FROM questions WHERE id = ?', [ids.written]);
    expect(rows[0]!.tracking_code).toMatch(/^TD-2026-12-\d{4}$/);
    const mine = expectOk(await asker.send('session:join', { sessionId })).mine.find((q) => q.id === ids.written)!;
    expect(mine.trackingCode).toBe(rows[0]!.tracking_code);
  });

  it('lists the approved questions that still lack a fate after the session', async () => {
    const { body } = await moderator.http.json<FollowupView[]>('GET', `/api/staff/sessions/${sessionId}/needs-fate`);
    expect(body.map((v) => v.question.id)).toEqual(expect.arrayContaining([ids.written, ids.closed, ids.kept]));
    expect((await neighbour.http.request('GET', `/api/staff/sessions/${sessionId}/needs-fate`)).status).toBe(401);
  });

  it('merges a duplicate into the question kept: votes carry over once, the asker follows the kept question', async () => {
    expect(await moderator.send('question:moderate', { questionId: ids.kept!, action: 'merge', intoQuestionId: ids.kept! })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const other = await admin.http.json<{ id: number }>('POST', '/api/admin/sessions', { title: 'Phiên khác', theme: 'Chủ đề khác', startsAt: '2027-05-20T14:00:00+07:00', endsAt: '2027-05-20T16:00:00+07:00' });
    expect(other.status).toBe(201);
    const merged = expectOk(await moderator.send('question:moderate', { questionId: ids.duplicate!, action: 'merge', intoQuestionId: ids.kept! }));
    expect(merged).toMatchObject({ status: 'rejected', rejectReason: 'duplicate', mergedInto: ids.kept });
    const [kept] = await queryFile<{ vote_count: number; rows: number }>(
      server.dbPath,
      'SELECT vote_count, (SELECT COUNT(*) FROM votes WHERE question_id = ?) AS rows FROM questions WHERE id = ?',
      [ids.kept, ids.kept],
    );
    expect(kept).toEqual({ vote_count: 2, rows: 2 });
  });

  it('assigns a question with a due date counted in working days from receipt', async () => {
    const res = await post<FollowupView>(moderator, `/api/staff/questions/${ids.written}/assign`, { departmentId: departments['Phòng Kinh tế, Hạ tầng và Đô thị'], urgency: 'normal' });
    expect(res.status).toBe(200);
    // Thursday 17/12 + 5 working days = Thursday 24/12.
    expect(res.body).toMatchObject({ fate: 'written', status: 'assigned', department: 'Phòng Kinh tế, Hạ tầng và Đô thị', dueDay: '2026-12-24', overdue: false });
  });

  it('hands a question over only with a reason, visible to residents, and restarts the clock', async () => {
    const target = { departmentId: departments['Công an phường'], urgency: 'urgent' };
    const refused = await post<{ error: { message: string } }>(moderator, `/api/staff/questions/${ids.written}/assign`, target);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/reason/);
    await advanceTo('2026-12-18T03:00:00.000Z');
    const res = await post<FollowupView>(moderator, `/api/staff/questions/${ids.written}/assign`, { ...target, reason: 'Lấn chiếm vỉa hè do công an phường xử lý' });
    expect(res.body.dueDay).toBe('2026-12-22');
    const code = res.body.question.trackingCode;
    const lookup = await neighbour.http.json<FollowupView>('GET', `/api/questions/${code}`);
    // The public history starts when the question was asked; the hand-over follows its moderation.
    expect(lookup.body.history.map((h) => [h.kind, h.fromDepartment, h.toDepartment, h.reason]).filter(([kind]) => kind !== 'asked' && kind !== 'approved')).toEqual([
      ['assigned', null, 'Phòng Kinh tế, Hạ tầng và Đô thị', null],
      ['reassigned', 'Phòng Kinh tế, Hạ tầng và Đô thị', 'Công an phường', 'Lấn chiếm vỉa hè do công an phường xử lý'],
    ]);
  });

  it('closes a question with a reason code', async () => {
    const res = await post<FollowupView>(moderator, `/api/staff/questions/${ids.closed}/close`, { reason: 'already_answered', note: 'Đã trả lời tại buổi tháng 11' });
    expect(res.body).toMatchObject({ fate: 'closed', status: 'closed', closeReason: 'already_answered' });
    expect((await post(moderator, `/api/staff/questions/${ids.closed}/close`, { reason: 'other' })).status).toBe(409);
  });

  it('shows an overdue item on the staff dashboard and on the scoreboard', async () => {
    await post(moderator, `/api/staff/questions/${ids.kept}/assign`, { departmentId: departments['Công an phường'], urgency: 'urgent' });
    await advanceTo('2026-12-23T03:00:00.000Z');
    const dash = await moderator.http.json<{ overdue: FollowupView[]; dueSoon: FollowupView[] }>('GET', '/api/staff/followups');
    expect(dash.body.overdue.map((v) => v.question.id).sort()).toEqual([ids.written, ids.kept].sort());
    const board = await neighbour.http.json<{ overdueNow: number }>('GET', '/api/scoreboard?unit=1&from=2026-12-01&to=2026-12-31');
    expect(board.body.overdueNow).toBe(2);
  });

  it('refuses an answer without text, with a file that is not a PDF or image, or too large, and changes nothing', async () => {
    const path = `/api/staff/questions/${ids.written}/answer`;
    expect((await post(admin, path, { text: '' })).status).toBe(400);
    const fake = await admin.http.upload<{ error: { message: string } }>(path, answerForm('Câu trả lời có tệp đính kèm giả mạo.', { name: 'bien-ban.pdf', bytes: NOT_PDF }));
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toMatch(/PDF/);
    const big = Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 1)]);
    expect((await admin.http.upload(path, answerForm('Câu trả lời có tệp quá lớn để nhận.', { name: 'a.pdf', bytes: big }))).status).toBe(413);
    const [row] = await queryFile<{ status: string }>(server.dbPath, 'SELECT status FROM followups WHERE question_id = ?', [ids.written]);
    expect(row!.status).toBe('assigned');
  });

  it('publishes a written answer with its attachment, shown to all and as new to the asker', async () => {
    const res = await admin.http.upload<FollowupView>(
      `/api/staff/questions/${ids.written}/answer`,
      answerForm('Công an phường đã xử lý các điểm lấn chiếm và sẽ kiểm tra định kỳ hằng tuần.', { name: 'ket-qua-xu-ly.pdf', bytes: PDF }),
    );
    expect(res.body.status).toBe('answered');
    const file = await fetch(`${server.url}${res.body.answer!.attachment!.url}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const isNew = async () => (await asker.http.json<Array<FollowupView & { newAnswer: boolean }>>('GET', '/api/me/questions')).body.find((v) => v.question.id === ids.written)?.newAnswer;
    expect(await isNew()).toBe(true);
    // Reading the list changes nothing: a prefetch or a retried request must not hide a new answer.
    expect(await isNew()).toBe(true);
    // Another resident cannot mark it seen for the asker.
    expect((await post<{ seen: number }>(neighbour, '/api/me/questions/seen', { questionIds: [ids.written] })).body).toEqual({ seen: 0 });
    expect(await isNew()).toBe(true);
    expect((await post<{ seen: number }>(asker, '/api/me/questions/seen', { questionIds: [ids.written, ids.written] })).body).toEqual({ seen: 1 });
    expect(await isNew()).toBe(false);
  });

  it('refuses a bad list of seen answers with the reason, changing nothing', async () => {
    for (const body of [{}, { questionIds: [] }, { questionIds: ['1'] }, { questionIds: Array.from({ length: 201 }, (_, i) => i + 1) }, { questionIds: [1], extra: true }]) {
      const res = await post<{ error: { code: string; message: string } }>(asker, '/api/me/questions/seen', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.message).toMatch(/questionIds|200|extra|Unrecognized/i);
    }
  });

  it('lets only the asker rate, once', async () => {
    const path = `/api/me/questions/${ids.written}/rating`;
    expect((await post(neighbour, path, { rating: 'satisfied' })).status).toBe(403);
    expect((await post<FollowupView>(asker, path, { rating: 'partly', comment: 'Mới xử lý một phần' })).body.rating).toBe('partly');
    expect((await post(asker, path, { rating: 'satisfied' })).status).toBe(409);
  });

  it('lets the asker reopen once with a reason; the same department gets a new due date', async () => {
    const path = `/api/me/questions/${ids.written}/reopen`;
    expect((await post(neighbour, path, { reason: 'Tôi không đồng ý với câu trả lời' })).status).toBe(403);
    const reopened = await post<FollowupView>(asker, path, { reason: 'Vỉa hè vẫn bị lấn chiếm vào buổi tối.' });
    expect(reopened.body).toMatchObject({ status: 'assigned', reopened: true, department: 'Công an phường', rating: null });
    await post(admin, `/api/staff/questions/${ids.written}/answer`, { text: 'Đã bố trí lực lượng kiểm tra cả buổi tối từ tuần này.' });
    expect((await post(asker, path, { reason: 'Vẫn chưa được giải quyết triệt để.' })).status).toBe(409);
    expect((await post<FollowupView>(asker, `/api/me/questions/${ids.written}/rating`, { rating: 'satisfied' })).body.rating).toBe('satisfied');
  });

  it('keeps the scoreboard recomputable by hand from its per-question rows', async () => {
    const board = (await neighbour.http.json<Record<string, unknown>>('GET', '/api/scoreboard?unit=1&from=2026-12-01&to=2026-12-31')).body;
    const csv = await (await fetch(`${server.url}/api/scoreboard.csv?unit=1&from=2026-12-01&to=2026-12-31`)).text();
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
    const col = (name: string) => header!.indexOf(name);
    const written = lines.filter((l) => l[col('fate')] === 'written' && l[col('answered_day')] !== '');
    expect(board.answeredInWriting).toBe(written.length);
    expect(board.answeredOnTime).toBe(written.filter((l) => l[col('on_time')] === 'true').length);
    expect(board.overdueNow).toBe(lines.filter((l) => l[col('followup_status')] === 'assigned' && l[col('due_day')]! < '2026-12-23').length);
    expect(board).toMatchObject({ sessionsHeld: expect.any(Number), ratings: { satisfied: 1, partly: 0, not_satisfied: 0 }, satisfiedPercent: 100 });
    expect((board.departments as Array<{ department: string }>).map((d) => d.department)).toContain('Công an phường');
  });

  it('gives each question of the session its fate in one report', async () => {
    const { body } = await neighbour.http.json<FollowupView[]>('GET', `/api/sessions/${sessionId}/report`);
    const fates = Object.fromEntries(body.map((v) => [v.question.id, v.fate]));
    expect(fates[ids.written!]).toBe('written');
    expect(fates[ids.closed!]).toBe('closed');
    expect(fates[ids.duplicate!]).toBe('merged');
    expect(body.find((v) => v.question.id === ids.duplicate)?.mergedInto).toMatch(/^TD-/);
  });

  it('tells anybody a pending question awaits moderation without its words, and names a malformed code', async () => {
    const [row] = await queryFile<{ tracking_code: string }>(server.dbPath, 'SELECT tracking_code FROM questions WHERE id = ?', [ids.pending]);
    const pending = await neighbour.http.json<FollowupView>('GET', `/api/questions/${row!.tracking_code}`);
    expect(pending.status).toBe(200);
    expect(pending.body.question).toMatchObject({ status: 'pending', text: '', authorName: null });
    expect((await neighbour.http.request('GET', '/api/questions/TD-2026-12-9999')).status).toBe(404);
    const bad = await neighbour.http.json<{ error: { code: string } }>('GET', '/api/questions/not-a-code');
    expect(bad.status).toBe(400);
  });
});
