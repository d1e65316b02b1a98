import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogueRequest, DialogueRequestList, ResultsDue, SessionResults } from '../../shared/schemas/dialogue.ts';
import type { Scoreboard } from '../../shared/schemas/scoreboard.ts';
import type { Session, SessionList } from '../../shared/schemas/session.ts';
import { resident, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, goLive, newStaffMember, queryFile, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

const DAY = 86_400_000;

/** Dialogues with residents, Law on Organisation of Local Government 2025, Art. 43. */
describe('dialogues with residents (Art. 43)', () => {
  let server: TestServer;
  let now = new Date();
  let admin: Participant;
  let moderator: Participant;
  let chair: Participant;
  let alice: Participant;
  let bob: Participant;

  const at = (days: number, hour = 7) => new Date(Math.floor(now.getTime() / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString();

  async function createSession(body: Record<string, unknown>, days: number): Promise<Session> {
    const res = await admin.http.json<Session>('POST', '/api/admin/sessions', { title: 'Đối thoại với Nhân dân', theme: 'Chủ đề đối thoại', startsAt: at(days), endsAt: at(days, 9), ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin({ clock: () => now }));
    moderator = await newStaffMember(admin, server.url, 'moderator');
    chair = await newStaffMember(admin, server.url, 'chair');
    alice = await resident(server.url);
    bob = await resident(server.url);
  });
  afterAll(() => closeSuite(server, admin, moderator, chair, alice, bob));

  it('shows each person at the table with their role: chair, co-chair, the Front, the secretary, invited officials', async () => {
    const officials = [
      { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND phường', role: 'chair' },
      { name: 'Trần Thị Hoa', title: 'Phó Chủ tịch HĐND phường', role: 'co_chair' },
      { name: 'Đỗ Minh Đức', title: 'Chủ tịch Ủy ban MTTQ phường', role: 'front' },
      { name: 'Vũ Thu Trang', title: 'Văn phòng UBND', role: 'secretary' },
      { name: 'Lê Thị Bình', title: 'Trưởng phòng Kinh tế' },
    ];
    const session = await createSession({ officials }, 40);
    const seen = await alice.http.json<Session>('GET', `/api/sessions/${session.id}`);
    expect(seen.body.officials.map((o) => o.role)).toEqual(['chair', 'co_chair', 'front', 'secretary', 'invited']);
    const bad = await admin.http.json<{ error: { message: string } }>('PATCH', `/api/admin/sessions/${session.id}`, { officials: [{ name: 'X', role: 'king' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/role/);
  });

  it('keeps a session whose notice is not published from residents, then publishes it with the notice date, warning under 7 days', async () => {
    const draft = await createSession({ publishNotice: false }, 5);
    expect(draft.noticeAt).toBeNull();
    expect((await alice.http.json('GET', `/api/sessions/${draft.id}`)).status).toBe(404);
    const list = await alice.http.json<SessionList>('GET', '/api/sessions');
    expect(list.body.upcoming.map((s) => s.id)).not.toContain(draft.id);
    expect(await alice.send('session:join', { sessionId: draft.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await (await alice.http.request('GET', '/api/units/1/calendar.ics')).text()).not.toContain(`session-${draft.id}@`);
    expect((await admin.http.json<SessionList>('GET', '/api/sessions')).body.upcoming.map((s) => s.id)).toContain(draft.id);
    expectOk(await moderator.send('session:join', { sessionId: draft.id }));
    // The clock reaching its opening time does not open a draft: residents cannot be asked in before they are told.
    await server.platform.app.scheduler.tick();
    expect((await admin.http.json<Session>('GET', `/api/sessions/${draft.id}`)).body.state).toBe('scheduled');

    expect((await moderator.http.json('POST', `/api/admin/sessions/${draft.id}/notice`, {})).status).toBe(403);
    const published = await admin.http.json<{ session: Session; shortNotice: boolean }>('POST', `/api/admin/sessions/${draft.id}/notice`, {});
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ shortNotice: true, session: { noticeAt: now.toISOString() } });
    expect((await admin.http.json('POST', `/api/admin/sessions/${draft.id}/notice`, {})).status).toBe(409);
    expect((await alice.http.json<Session>('GET', `/api/sessions/${draft.id}`)).body.noticeAt).toBe(now.toISOString());
    const ics = await (await alice.http.request('GET', `/api/sessions/${draft.id}/calendar.ics`)).text();
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(now);
    expect(ics.replace(/\r\n /g, '')).toContain(`Notice given: ${day}`);
    const audit = await queryFile<{ detail_json: string }>(server.dbPath, "SELECT detail_json FROM audit_log WHERE action = 'session.notice' AND session_id = ?", [draft.id]);
    expect(JSON.parse(audit[0]!.detail_json)).toEqual({ shortNotice: true });

    const early = await createSession({ publishNotice: false }, 20);
    expect((await admin.http.json<{ shortNotice: boolean }>('POST', `/api/admin/sessions/${early.id}/notice`, {})).body.shortNotice).toBe(false);
  });

  it('opens the results report when the session ends, due 10 days later, signed by the secretary and the chair, then public', async () => {
    const sessionId = server.demoSessionId;
    await goLive(admin, sessionId);
    expect((await moderator.http.json('GET', `/api/sessions/${sessionId}/results`)).status).toBe(409);
    const endedAt = now;
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
    const report = await moderator.http.json<SessionResults>('GET', `/api/sessions/${sessionId}/results`);
    expect(report.body.dueAt).toBe(new Date(endedAt.getTime() + 10 * DAY).toISOString());
    expect((await alice.http.json('GET', `/api/sessions/${sessionId}/results`)).status).toBe(404);
    expect((await moderator.http.json<ResultsDue[]>('GET', '/api/staff/results-due')).body).toEqual([
      expect.objectContaining({ sessionId, overdue: false }),
    ]);

    const path = `/api/staff/sessions/${sessionId}/results`;
    expect((await moderator.http.json('POST', `${path}/sign`, { as: 'secretary' })).status).toBe(409);
    expect((await alice.http.json('PUT', path, { summary: 'x', groups: [] })).status).toBe(401);
    expect((await moderator.http.json('PUT', path, { summary: 'Kết quả buổi đối thoại.', groups: ['Tổ dân phố 1', 'Tổ dân phố 2'] })).status).toBe(200);
    expect((await moderator.http.json('POST', `${path}/sign`, { as: 'secretary' })).status).toBe(200);
    expect((await moderator.http.json('POST', `${path}/sign`, { as: 'chair' })).status).toBe(403);
    expect((await chair.http.json('POST', `${path}/sign`, { as: 'chair' })).status).toBe(200);
    // A changed text is not what anyone signed.
    const edited = await moderator.http.json<SessionResults>('PUT', path, { summary: 'Kết quả buổi đối thoại, đã sửa.', groups: ['Tổ dân phố 1', 'Tổ dân phố 2', 'Tổ dân phố 3'] });
    expect(edited.body).toMatchObject({ secretarySignedAt: null, chairSignedAt: null });
    expect((await chair.http.json('POST', `${path}/publish`, {})).status).toBe(409);
    expectOk({ ok: true, data: await moderator.http.json('POST', `${path}/sign`, { as: 'secretary' }) });
    await chair.http.json('POST', `${path}/sign`, { as: 'chair' });

    now = new Date(now.getTime() + 3 * 3_600_000);
    const published = await chair.http.json<SessionResults>('POST', `${path}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.publishedAt).toBe(now.toISOString());
    const seen = await alice.http.json<SessionResults>('GET', `/api/sessions/${sessionId}/results`);
    expect(seen.body).toMatchObject({ summary: 'Kết quả buổi đối thoại, đã sửa.', groups: ['Tổ dân phố 1', 'Tổ dân phố 2', 'Tổ dân phố 3'] });
    expect((await moderator.http.json('PUT', path, { summary: 'Sửa sau khi công bố', groups: [] })).status).toBe(409);
    expect((await moderator.http.json<ResultsDue[]>('GET', '/api/staff/results-due')).body).toEqual([]);

    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(endedAt);
    const board = await alice.http.json<Scoreboard>('GET', `/api/scoreboard?unit=1&from=${month.slice(0, 8)}01&to=${month.slice(0, 8)}28`);
    expect(board.body.results).toEqual({ due: 1, onTime: 1 });
  });

  it('lets residents ask for a dialogue and back it once each, measured against 10% of the voters, with a public outcome', async () => {
    const created = await alice.http.json<DialogueRequest>('POST', '/api/units/1/dialogue-requests', { theme: 'Đối thoại về quy hoạch chợ dân sinh', reason: 'Chợ tạm lấn chiếm lòng đường.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ backers: 1, backedByMe: true, status: 'open' });
    const id = created.body.id;
    expect((await bob.http.json<DialogueRequest>('POST', `/api/dialogue-requests/${id}/back`, {})).body.backers).toBe(2);
    expect((await bob.http.json<DialogueRequest>('POST', `/api/dialogue-requests/${id}/back`, {})).body.backers).toBe(2);

    expect((await moderator.http.json('PUT', '/api/admin/voter-count', { voterCount: 15 })).status).toBe(403);
    expect((await admin.http.json('PUT', '/api/admin/voter-count', { voterCount: 15 })).body).toEqual({ voterCount: 15, threshold: 2 });
    const list = await bob.http.json<DialogueRequestList>('GET', '/api/units/1/dialogue-requests');
    expect(list.body).toMatchObject({ voterCount: 15, threshold: 2 });
    expect(list.body.requests[0]).toMatchObject({ id, backers: 2, backedByMe: true });
    expect(JSON.stringify(list.body)).not.toContain(bob.http.cookies.get('td_rid') ?? 'no-cookie');

    const decision = { status: 'accepted', outcome: 'UBND phường tổ chức đối thoại chuyên đề vào tháng sau.', sessionId: null };
    expect((await moderator.http.json('POST', `/api/admin/dialogue-requests/${id}/decision`, decision)).status).toBe(403);
    expect((await admin.http.json('POST', `/api/admin/dialogue-requests/${id}/decision`, decision)).status).toBe(200);
    const outcome = (await alice.http.json<DialogueRequestList>('GET', '/api/units/1/dialogue-requests')).body.requests[0];
    expect(outcome).toMatchObject({ status: 'accepted', outcome: decision.outcome });
    expect((await alice.http.json('POST', `/api/dialogue-requests/${id}/back`, {})).status).toBe(409);

    for (let i = 0; i < 2; i += 1) {
      expect((await alice.http.json('POST', '/api/units/1/dialogue-requests', { theme: `Đề nghị đối thoại số ${i + 2} về môi trường` })).status).toBe(201);
    }
    expect((await alice.http.json('POST', '/api/units/1/dialogue-requests', { theme: 'Đề nghị thứ tư trong một tháng' })).status).toBe(429);
    expect((await alice.http.json('POST', '/api/units/999/dialogue-requests', { theme: 'Đơn vị không tồn tại ở đây' })).status).toBe(404);
  });

  it('forgets a resident\'s backing and authorship when they erase their data, keeping the request as the public record', async () => {
    const carol = await resident(server.url);
    const dave = await resident(server.url);
    const started = await carol.http.json<DialogueRequest>('POST', '/api/units/1/dialogue-requests', { theme: 'Đối thoại về nước sạch cho khu tập thể' });
    expect((await dave.http.json<DialogueRequest>('POST', `/api/dialogue-requests/${started.body.id}/back`, {})).body.backers).toBe(2);
    const carolId = (await queryFile<{ created_by: string }>(server.dbPath, 'SELECT created_by FROM dialogue_requests WHERE id = ?', [started.body.id]))[0]!.created_by;
    expect((await carol.http.json('POST', '/api/me/erase', { confirm: true })).status).toBe(200);
    const after = (await dave.http.json<DialogueRequestList>('GET', '/api/units/1/dialogue-requests')).body.requests.find((r) => r.id === started.body.id);
    expect(after).toMatchObject({ theme: 'Đối thoại về nước sạch cho khu tập thể', backers: 1, backedByMe: true });
    expect(await queryFile(server.dbPath, 'SELECT 1 FROM dialogue_request_backers WHERE resident_id = ?', [carolId])).toEqual([]);
    expect(await queryFile(server.dbPath, 'SELECT 1 FROM dialogue_requests WHERE created_by = ?', [carolId])).toEqual([]);
    carol.close();
    dave.close();
  });
});
