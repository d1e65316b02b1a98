import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commitment } from '../../shared/schemas/commitment.ts';
import type { Poll } from '../../shared/schemas/poll.ts';
import { nextEvent, resident, staffMember, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, goLive, serverWithAdmin } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('live polls', () => {
  let server: TestServer;
  let admin: Participant;
  let alice: Participant;
  let bob: Participant;
  let sessionId: number;

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin());
    alice = await resident(server.url);
    bob = await resident(server.url);
    for (const p of [admin, alice, bob]) expectOk(await p.send('session:join', { sessionId }));
  });
  afterAll(() => closeSuite(server, admin, alice, bob));

  it('keeps a draft from residents, opens it for everybody, and refuses votes before it opens', async () => {
    const poll = expectOk(await admin.send('poll:create', { sessionId, question: 'Tháng sau nên bàn chủ đề nào?', options: ['Y tế', 'Giáo dục', 'Môi trường'], themePoll: true }));
    expect(poll.status).toBe('draft');
    expect(expectOk(await alice.send('poll:list', { sessionId })).polls).toEqual([]);
    expect(await alice.send('poll:vote', { pollId: poll.id, optionIds: [poll.options[0]!.id] })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    expect(await alice.send('poll:create', { sessionId, question: 'Cư dân tự tạo bình chọn?', options: ['a', 'b'] })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const seen = nextEvent(bob.socket, 'poll:changed', (p) => p.id === poll.id && p.status === 'open');
    expectOk(await admin.send('poll:open', { pollId: poll.id }));
    await seen;
  });

  it('counts one set of choices per resident and sends results live to everybody, coalesced', async () => {
    const [poll] = expectOk(await bob.send('poll:list', { sessionId })).polls;
    const [health, education] = poll!.options;
    const result = nextEvent(bob.socket, 'poll:changed', (p) => p.id === poll!.id && p.voters === 2 && p.options[1]!.votes === 2);
    expectOk(await alice.send('poll:vote', { pollId: poll!.id, optionIds: [health!.id] }));
    expectOk(await alice.send('poll:vote', { pollId: poll!.id, optionIds: [education!.id] }));
    expectOk(await alice.send('poll:vote', { pollId: poll!.id, optionIds: [education!.id] }));
    expectOk(await bob.send('poll:vote', { pollId: poll!.id, optionIds: [education!.id] }));
    const final = await result;
    expect(final.options.map((o) => o.votes)).toEqual([0, 2, 0]);
    expect(await bob.send('poll:vote', { pollId: poll!.id, optionIds: [health!.id, education!.id] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await bob.send('poll:vote', { pollId: poll!.id, optionIds: [999_999] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(expectOk(await alice.send('poll:list', { sessionId })).mine[poll!.id]).toEqual([education!.id]);
  });

  it('keeps a closed poll with its result and offers a theme poll\'s result for planning', async () => {
    const [poll] = expectOk(await bob.send('poll:list', { sessionId })).polls;
    expectOk(await admin.send('poll:close', { pollId: poll!.id }));
    expect(await bob.send('poll:vote', { pollId: poll!.id, optionIds: [] })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    const listed = expectOk(await bob.send('poll:list', { sessionId })).polls;
    expect(listed[0]).toMatchObject({ status: 'closed', voters: 2 });
    const suggestions = await admin.http.json<Poll[]>('GET', '/api/units/1/theme-suggestions');
    expect(suggestions.body[0]!.options.find((o) => o.votes === 2)?.label).toBe('Giáo dục');
  });

  it('closes open polls when the session ends, tells residents, and takes no new poll afterwards', async () => {
    const poll = expectOk(await admin.send('poll:create', { sessionId, question: 'Buổi tọa đàm hôm nay có hữu ích không?', options: ['Có', 'Không'] }));
    expectOk(await admin.send('poll:open', { pollId: poll.id }));
    const draft = expectOk(await admin.send('poll:create', { sessionId, question: 'Một bình chọn chưa mở?', options: ['a', 'b'] }));
    const closedSeen = nextEvent(bob.socket, 'poll:changed', (p) => p.id === poll.id && p.status === 'closed');
    await goLive(admin, sessionId);
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
    await closedSeen;
    const listed = expectOk(await admin.send('poll:list', { sessionId })).polls;
    expect(listed.find((p) => p.id === poll.id)?.status).toBe('closed');
    expect(listed.find((p) => p.id === draft.id)?.status).toBe('draft');
    expect(await admin.send('poll:create', { sessionId, question: 'Bình chọn sau khi kết thúc?', options: ['a', 'b'] })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    expect(await admin.send('poll:open', { pollId: draft.id })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
  });
});

describe('promises made on air', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-commitments-'));
  let now = new Date('2026-12-17T07:30:00.000Z');
  let server: TestServer;
  let admin: Participant;

  beforeAll(async () => {
    server = await startTestServer({ dir, clock: () => now });
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    await goLive(admin, server.demoSessionId);
  });
  afterAll(async () => {
    admin?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks a transcript segment as a commitment with an owner and a due day, and refuses a past due day', async () => {
    const sessionId = server.demoSessionId;
    const segment = expectOk(await admin.send('caption:post', { sessionId, text: 'Phường cam kết lát lại vỉa hè phố Trần Duy Hưng trước Tết.', speakerName: 'Nguyễn Văn An' }));
    const past = await admin.http.json<{ error: { message: string } }>('POST', `/api/staff/sessions/${sessionId}/commitments`, { segmentId: segment.id, text: 'Lát lại vỉa hè phố Trần Duy Hưng', owner: 'Phòng Kinh tế, Hạ tầng và Đô thị', dueDay: '2026-12-01' });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/dueDay/);
    const made = await admin.http.json<Commitment>('POST', `/api/staff/sessions/${sessionId}/commitments`, { segmentId: segment.id, text: 'Lát lại vỉa hè phố Trần Duy Hưng', owner: 'Phòng Kinh tế, Hạ tầng và Đô thị', dueDay: '2027-02-01' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ segmentId: segment.id, atMs: segment.startMs, status: 'open', overdue: false });
    const resident = await fetch(`${server.url}/api/sessions/${sessionId}/commitments`).then((r) => r.json() as Promise<Commitment[]>);
    expect(resident.map((c) => c.id)).toEqual([made.body.id]);
  });

  it('shows an overdue promise on the scoreboard, and a kept one as kept', async () => {
    now = new Date('2027-02-03T03:00:00.000Z');
    const admin2 = await staffMember(server.url, 'admin', server.adminPassword);
    const board = await admin2.http.json<{ commitments: { made: number; kept: number; overdueNow: number } }>('GET', '/api/scoreboard?unit=1&from=2026-12-01&to=2026-12-31');
    expect(board.body.commitments).toEqual({ made: 1, kept: 0, overdueNow: 1 });
    const [c] = await admin2.http.json<Commitment[]>('GET', '/api/units/1/commitments').then((r) => r.body);
    const kept = await admin2.http.json<Commitment>('POST', `/api/staff/commitments/${c!.id}/kept`, { note: 'Đã lát xong ngày 2/2/2027' });
    expect(kept.body).toMatchObject({ status: 'kept', overdue: false });
    expect((await admin2.http.json('POST', `/api/staff/commitments/${c!.id}/kept`, { note: 'Lần nữa' })).status).toBe(409);
    admin2.close();
  });
});
