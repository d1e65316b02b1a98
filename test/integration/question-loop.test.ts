import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/events.ts';
import { clientKey, nextEvent, resident, type Participant } from '../support/clients.ts';
import { approve, ask, closeSuite, expectOk, goLive, newStaffMember, queryFile, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

describe('the live question loop over the real server', () => {
  let server: TestServer;
  let admin: Participant;
  let moderator: Participant;
  let chair: Participant;
  let alice: Participant;
  let bob: Participant;
  let sessionId: number;

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin());
    moderator = await newStaffMember(admin, server.url, 'moderator');
    chair = await newStaffMember(admin, server.url, 'chair');
    alice = await resident(server.url);
    bob = await resident(server.url);
    for (const p of [moderator, chair, alice, bob]) expectOk(await p.send('session:join', { sessionId }));
  });

  afterAll(() => closeSuite(server, admin, moderator, chair, alice, bob));

  it('gives residents the public view and staff the full view', async () => {
    const residentView = expectOk(await alice.send('session:join', { sessionId }));
    const staffView = expectOk(await moderator.send('session:join', { sessionId }));
    expect(residentView.view).toBe('public');
    expect(staffView.view).toBe('staff');
    expect(residentView.questions).toHaveLength(3);
    expect(residentView.questions[0]).not.toHaveProperty('askerName');
    expect(staffView.view === 'staff' && staffView.audit).toEqual([]);
  });

  it('keeps a new question pending: the moderator sees it, other residents do not, and the asker sees its status', async () => {
    const seenByStaff = nextEvent(moderator.socket, 'question:changed', (e) => e.question.text.startsWith('Khi nào sửa'));
    let bobSaw = false;
    bob.socket.on('question:changed', (e) => {
      if (e.question.text.startsWith('Khi nào sửa')) bobSaw = true;
    });
    const mine = await ask(alice, sessionId, 'Khi nào sửa đường Trần Duy Hưng đoạn trước chợ?', { name: 'Alice' });
    expect(mine.status).toBe('pending');
    expect(mine).toMatchObject({ name: 'Alice', namePublished: false, authorName: null });
    const staffEvent = await seenByStaff;
    expect(staffEvent.question).toMatchObject({ id: mine.id, status: 'pending', askerName: null, askerNameHidden: true, authorName: null });

    const rows = await queryFile<{ status: string; author_name: string; name_public: number }>(
      server.dbPath,
      'SELECT status, author_name, name_public FROM questions WHERE id = ?',
      [mine.id],
    );
    expect(rows).toEqual([{ status: 'pending', author_name: 'Alice', name_public: 0 }]);

    const bobView = expectOk(await bob.send('session:join', { sessionId }));
    expect(bobView.questions.map((q) => q.id)).not.toContain(mine.id);
    const aliceView = expectOk(await alice.send('session:join', { sessionId }));
    expect(aliceView.mine.map((q) => q.id)).toContain(mine.id);
    expect(bobSaw).toBe(false);
  });

  it('shows an approved question to everybody, without a name its asker did not choose to publish', async () => {
    const q = await ask(alice, sessionId, 'Phường có kế hoạch lát lại vỉa hè phố Cầu Giấy không?', { name: 'Alice' });
    const bobSees = nextEvent(bob.socket, 'question:changed', (e) => e.question.id === q.id);
    const aliceHears = nextEvent(alice.socket, 'question:mine', (e) => e.question.id === q.id && e.question.status === 'approved');
    await approve(moderator, q.id);
    const event = await bobSees;
    expect(event.question.status).toBe('approved');
    expect(event.question.authorName).toBeNull();
    expect(JSON.stringify(event)).not.toContain('Alice');
    await aliceHears;

    const api = await bob.http.json<Array<{ id: number; authorName: string | null }>>('GET', `/api/sessions/${sessionId}/questions`);
    expect(api.body.find((x) => x.id === q.id)?.authorName).toBeNull();
    expect(JSON.stringify(api.body)).not.toContain('Alice');
  });

  it('re-orders the list for every client as votes arrive, coalesced into tallies', async () => {
    // Asked by a third resident: an asker's own vote is not counted.
    const carol = await resident(server.url);
    const q = await ask(carol, sessionId, 'Xin hỏi lịch thu gom rác thải cồng kềnh của phường?');
    carol.close();
    await approve(moderator, q.id);
    const aliceTally = nextEvent(alice.socket, 'votes:tallied', (e) => e.counts.some(([id, n]) => id === q.id && n === 2));
    const modTally = nextEvent(moderator.socket, 'votes:tallied', (e) => e.counts.some(([id, n]) => id === q.id && n === 2));
    expect(expectOk(await alice.send('vote:set', { questionId: q.id, value: true })).votes).toBe(1);
    expect(expectOk(await bob.send('vote:set', { questionId: q.id, value: true })).votes).toBe(2);
    await Promise.all([aliceTally, modTally]);

    const ranked = await alice.http.json<Array<{ id: number; votes: number }>>('GET', `/api/sessions/${sessionId}/questions`);
    expect(ranked.body[0]).toMatchObject({ id: q.id, votes: 2 });
  });

  it('counts a repeated vote once and lets a resident take a vote back', async () => {
    const q = await ask(alice, sessionId, 'Đề nghị phường bố trí thêm đèn chiếu sáng ngõ 56.');
    await approve(moderator, q.id);
    for (let i = 0; i < 3; i += 1) expect(expectOk(await bob.send('vote:set', { questionId: q.id, value: true })).votes).toBe(1);
    expect(expectOk(await bob.send('vote:set', { questionId: q.id, value: false })).votes).toBe(0);
    expect(expectOk(await bob.send('vote:set', { questionId: q.id, value: false })).votes).toBe(0);
    const rows = await queryFile<{ n: number }>(server.dbPath, 'SELECT COUNT(*) AS n FROM votes WHERE question_id = ?', [q.id]);
    expect(rows[0]!.n).toBe(0);
  });

  it('puts one question on stage at a time and marks it answered', async () => {
    const first = await ask(alice, sessionId, 'Câu hỏi thứ nhất cho phần trả lời trực tiếp.');
    const second = await ask(bob, sessionId, 'Câu hỏi thứ hai cho phần trả lời trực tiếp.');
    await approve(moderator, first.id);
    await approve(moderator, second.id);
    const refused = await chair.send('question:moderate', { questionId: first.id, action: 'stage' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    // Answered before the session went live would read "answered live" in the minutes: refused until it is live.
    const earlyAnswer = await chair.send('question:moderate', { questionId: first.id, action: 'answer' });
    expect(earlyAnswer).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    expect(await queryFile(server.dbPath, 'SELECT status, answered_at FROM questions WHERE id = ?', [first.id])).toEqual([{ status: 'approved', answered_at: null }]);

    const bobSeesLive = nextEvent(bob.socket, 'session:changed', (e) => e.session.state === 'live');
    const moderatorSeesLive = nextEvent(moderator.socket, 'session:changed', (e) => e.session.state === 'live');
    await goLive(chair, sessionId);
    // Staff get the change's log entry with it; residents never see who did what.
    expect((await bobSeesLive).audit).toBeUndefined();
    expect((await moderatorSeesLive).audit).toMatchObject({ action: 'session.transition', detail: { from: 'open', to: 'live' } });

    const staged = nextEvent(bob.socket, 'question:changed', (e) => e.question.id === first.id && e.question.status === 'on_stage');
    expectOk(await chair.send('question:moderate', { questionId: first.id, action: 'stage' }));
    await staged;
    expectOk(await chair.send('question:moderate', { questionId: second.id, action: 'stage' }));
    const onStage = await queryFile<{ id: number }>(server.dbPath, "SELECT id FROM questions WHERE session_id = ? AND status = 'on_stage'", [sessionId]);
    expect(onStage).toEqual([{ id: second.id }]);

    const answered = expectOk(await chair.send('question:moderate', { questionId: second.id, action: 'answer' }));
    expect(answered.status).toBe('answered');
    expect(answered.answeredAt).not.toBeNull();
    const vote = await alice.send('vote:set', { questionId: second.id, value: true });
    expect(vote).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
  });

  it('records every moderation action with who, what and why, and keeps the original of an edit', async () => {
    const q = await ask(alice, sessionId, 'cau hoi co loi chinh ta ve duong xa');
    expectOk(await moderator.send('question:moderate', { questionId: q.id, action: 'edit', text: 'Câu hỏi về đường sá (đã sửa chính tả)', note: 'sửa dấu' }));
    const rejected = nextEvent(alice.socket, 'question:mine', (e) => e.question.id === q.id && e.question.status === 'rejected');
    expectOk(await moderator.send('question:moderate', { questionId: q.id, action: 'reject', reason: 'duplicate', note: 'Đã có câu hỏi tương tự' }));
    const mine = await rejected;
    expect(mine.question).toMatchObject({ rejectReason: 'duplicate', rejectNote: 'Đã có câu hỏi tương tự' });

    const audit = await queryFile<{ actor: string; action: string; detail_json: string }>(
      server.dbPath,
      'SELECT actor, action, detail_json FROM audit_log WHERE question_id = ? ORDER BY id',
      [q.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['question.edit', 'question.reject']);
    expect(audit[0]!.actor).toBe(moderator.me.staff!.username);
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ before: 'cau hoi co loi chinh ta ve duong xa', after: 'Câu hỏi về đường sá (đã sửa chính tả)' });
    expect(JSON.parse(audit[1]!.detail_json)).toMatchObject({ reason: 'duplicate' });

    const staffView = expectOk(await moderator.send('session:join', { sessionId })) as Extract<Snapshot, { view: 'staff' }>;
    const edited = staffView.questions.find((x) => x.id === q.id)!;
    expect(edited.originalText).toBe('cau hoi co loi chinh ta ve duong xa');
    expect(staffView.audit.some((a) => a.questionId === q.id && a.action === 'question.reject')).toBe(true);
  });

  it('returns the same question when a resident retries an ask with the same client key', async () => {
    const key = clientKey();
    const payload = { sessionId, text: 'Câu hỏi gửi lại do mất mạng giữa chừng.', clientKey: key };
    const first = expectOk(await bob.send('question:ask', payload));
    const again = expectOk(await bob.send('question:ask', payload));
    expect(again.id).toBe(first.id);
    // Stored with its session (questions.repository.ts), so the same key in another session is another question.
    const rows = await queryFile<{ n: number }>(server.dbPath, 'SELECT COUNT(*) AS n FROM questions WHERE client_key = ?', [`${sessionId}:${key}`]);
    expect(rows[0]!.n).toBe(1);
  });

  it('takes a question staff received by hotline, marked with its channel and the case code of another system', async () => {
    const body = { text: 'Gọi đường dây nóng: đèn đường ngõ 12 bị hỏng đã một tuần.', channel: 'hotline', externalRef: 'HN-1022-77', clientKey: clientKey() };
    const seen = nextEvent(bob.socket, 'question:changed', (e) => e.question.text === body.text);
    const res = await moderator.http.json<{ id: number; channel: string; status: string; trackingCode: string }>('POST', `/api/staff/sessions/${sessionId}/questions`, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'hotline', status: 'approved' });
    expect((await seen).question.channel).toBe('hotline');
    const again = await moderator.http.json<{ id: number }>('POST', `/api/staff/sessions/${sessionId}/questions`, body);
    expect(again.body.id).toBe(res.body.id);
    const rows = await queryFile<{ external_ref: string }>(server.dbPath, 'SELECT external_ref FROM questions WHERE id = ?', [res.body.id]);
    expect(rows).toEqual([{ external_ref: 'HN-1022-77' }]);
    expect((await alice.http.request('POST', `/api/staff/sessions/${sessionId}/questions`, { ...body, clientKey: clientKey() })).status).toBe(401);
  });
});
