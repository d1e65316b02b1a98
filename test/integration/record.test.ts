import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowupView } from '../../shared/schemas/followup.ts';
import type { Scoreboard } from '../../shared/schemas/scoreboard.ts';
import type { Session } from '../../shared/schemas/session.ts';
import type { Archive, Minutes, SearchResult, Segment } from '../../shared/schemas/transcript.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, closeSuite, expectOk, queryFile, serverWithAdmin } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Polls until `check` holds, for at most `ms` of real time; resolves with how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

const MINUTE = 60_000;

/** Writes straight to the file, as a record made before "answered live" needed a live session would read. */
async function writeFile(dbPath: string, sql: string, params: unknown[]): Promise<void> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const conn = new sqlite3.Database(dbPath, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(conn)));
  });
  try {
    db.configure('busyTimeout', 5000);
    await new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

describe('the record tells what happened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-record-'));
  let now = new Date('2027-03-02T01:00:00.000Z');
  const clock = () => now;
  let server: TestServer;
  let admin: Participant;
  let asker: Participant;
  let other: Participant;
  let session: Session;
  const startsAt = new Date('2027-03-02T02:00:00.000Z');
  const endsAt = new Date('2027-03-02T04:00:00.000Z');
  const ids: Record<'answered' | 'takenDown' | 'noFate' | 'pending' | 'written', number> = { answered: 0, takenDown: 0, noFate: 0, pending: 0, written: 0 };
  let pendingCode = '';
  let departmentId = 0;

  beforeAll(async () => {
    server = await startTestServer({ dir, clock });
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    asker = await resident(server.url);
    other = await resident(server.url);
  });
  afterAll(async () => {
    for (const p of [admin, asker, other]) p?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = async (id: number) => (await queryFile<{ state: string }>(server.dbPath, 'SELECT state FROM sessions WHERE id = ?', [id]))[0]!.state;
  const minutes = async () => (await other.http.json<Minutes>('GET', `/api/sessions/${session.id}/minutes`)).body;

  it('opens a session created with its opening time already past at once, not at the next tick', async () => {
    const created = await admin.http.json<Session>('POST', '/api/admin/sessions', {
      title: 'Tọa đàm trực tuyến tháng 3/2027',
      theme: 'Cây xanh và thùng rác trong công viên',
      opensAt: new Date(now.getTime() - MINUTE).toISOString(),
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    });
    expect(created.status).toBe(201);
    session = created.body;
    await within(1000, async () => (await state(session.id)) === 'open');
  });

  it('gives every question a tracking code that works from the moment it is asked', async () => {
    const q = await ask(asker, session.id, 'Bao giờ phường lắp thêm thùng rác trong công viên Hòa Bình?');
    ids.pending = q.id;
    pendingCode = q.trackingCode;
    const mine = await asker.http.json<FollowupView>('GET', `/api/questions/${pendingCode}`);
    expect(mine.status).toBe(200);
    expect(mine.body.question.status).toBe('pending');
    expect(mine.body.question.text).toContain('thùng rác');
    expect(mine.body.history.map((e) => e.kind)).toEqual(['asked']);
    // Anybody else learns it awaits moderation, never its unmoderated words: codes are sequential.
    const theirs = await other.http.json<FollowupView>('GET', `/api/questions/${pendingCode}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.question.status).toBe('pending');
    expect(theirs.body.question.text).toBe('');

    for (const key of ['answered', 'takenDown', 'noFate', 'written'] as const) {
      const asked = await ask(asker, session.id, `Câu hỏi ${key}: vỉa hè đường Lê Lợi bị lấn chiếm, phường xử lý thế nào?`);
      await approve(admin, asked.id);
      ids[key] = asked.id;
    }
  });

  it('counts times from the moment the session really went live, and captions 1.2 s apart do not overlap', async () => {
    now = new Date(startsAt.getTime() - 30 * MINUTE);
    const live = expectOk(await admin.send('session:transition', { sessionId: session.id, to: 'live' }));
    expect(live.liveAt).toBe(now.toISOString());

    now = new Date(now.getTime() + 65_000);
    expectOk(await admin.send('question:moderate', { questionId: ids.answered, action: 'stage' }));
    expectOk(await admin.send('caption:post', { sessionId: session.id, text: 'Xin chào bà con, chúng ta bắt đầu câu hỏi đầu tiên về vỉa hè.' }));
    now = new Date(now.getTime() + 1200);
    expectOk(await admin.send('caption:post', { sessionId: session.id, text: 'Phường sẽ ra quân dọn vỉa hè từ tuần sau.' }));
    now = new Date(now.getTime() + 10_000);
    expectOk(await admin.send('question:moderate', { questionId: ids.answered, action: 'answer' }));
    expectOk(await admin.send('question:moderate', { questionId: ids.takenDown, action: 'stage' }));
    expectOk(await admin.send('question:moderate', { questionId: ids.takenDown, action: 'unstage' }));

    const segments = (await other.http.json<Segment[]>('GET', `/api/sessions/${session.id}/transcript`)).body;
    expect(segments.map((s) => s.startMs)).toEqual([65_000, 66_200]);
    expect(segments[0]!.endMs).toBeLessThanOrEqual(segments[1]!.startMs);
    const vtt = await (await fetch(`${server.url}/api/sessions/${session.id}/transcript?format=vtt`)).text();
    expect(vtt).toContain('00:01:05.000 --> 00:01:06.200');
    const cues = [...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})/g)].map((m) => {
      const n = m.slice(1).map(Number);
      return { start: ((n[0]! * 60 + n[1]!) * 60 + n[2]!) * 1000 + n[3]!, end: ((n[4]! * 60 + n[5]!) * 60 + n[6]!) * 1000 + n[7]! };
    });
    expect(cues).toHaveLength(2);
    expect(cues[0]!.end).toBeLessThanOrEqual(cues[1]!.start);
  });

  it('records promises and polls, then ends early and frees the rest of the slot', async () => {
    expect((await admin.http.json('POST', `/api/staff/sessions/${session.id}/commitments`, { atMs: 70_000, text: 'Lắp thêm 10 thùng rác trong công viên trước ngày 30/4.', owner: 'Phòng Kinh tế, Hạ tầng và Đô thị', dueDay: '2027-04-30' })).status).toBe(201);
    const poll = expectOk(await admin.send('poll:create', { sessionId: session.id, question: 'Buổi tọa đàm có hữu ích không?', options: ['Có', 'Không'] }));
    expectOk(await admin.send('poll:open', { pollId: poll.id }));
    expectOk(await other.send('poll:vote', { pollId: poll.id, optionIds: [poll.options[0]!.id] }));
    expectOk(await other.send('vote:set', { questionId: ids.noFate, value: true }));

    now = new Date(startsAt.getTime() + 20 * MINUTE);
    const ended = expectOk(await admin.send('session:transition', { sessionId: session.id, to: 'ended' }));
    expect(ended.endedAt).toBe(now.toISOString());
    const next = await admin.http.json<Session | { error: { code: string } }>('POST', '/api/admin/sessions', {
      title: 'Tọa đàm bổ sung',
      theme: 'Giải đáp thêm về vỉa hè',
      startsAt: new Date(startsAt.getTime() + 45 * MINUTE).toISOString(),
      endsAt: new Date(startsAt.getTime() + 100 * MINUTE).toISOString(),
    });
    expect(next.status).toBe(201);
  });

  it('keeps a question left pending in the minutes, the scoreboard and the follow-up desk', async () => {
    const m = await minutes();
    expect(m.pending).toBe(1);
    const board = (await other.http.json<Scoreboard>('GET', '/api/scoreboard?unit=1&from=2027-03-01&to=2027-03-31')).body;
    expect(board.awaitingDecision).toBe(4);
    const desk = (await admin.http.json<FollowupView[]>('GET', `/api/staff/sessions/${session.id}/needs-fate`)).body;
    expect(desk.map((v) => v.question.id).sort((a, b) => a - b)).toEqual([ids.pending, ids.takenDown, ids.noFate, ids.written].sort((a, b) => a - b));
    const tracked = await other.http.json<FollowupView>('GET', `/api/questions/${pendingCode}`);
    expect(tracked.status).toBe(200);
  });

  it('decides the left-pending question in the follow-up desk, which makes it public with a fate', async () => {
    const department = await admin.http.json<{ id: number }>('POST', '/api/admin/departments', { name: 'Phòng Kinh tế, Hạ tầng và Đô thị' });
    departmentId = department.body.id;
    const assigned = await admin.http.json<FollowupView>('POST', `/api/staff/questions/${ids.pending}/assign`, { departmentId, urgency: 'normal' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.question.status).toBe('approved');
    expect(assigned.body.fate).toBe('written');
    expect((await minutes()).pending).toBe(0);
  });

  it('states each fate in the minutes, with commitments, poll results and audience figures', async () => {
    expect((await admin.http.json('POST', `/api/staff/questions/${ids.written}/assign`, { departmentId, urgency: 'urgent' })).status).toBe(200);
    expect((await admin.http.json('POST', `/api/staff/questions/${ids.takenDown}/close`, { reason: 'out_of_scope', note: 'Thuộc thẩm quyền của quận' })).status).toBe(200);
    const m = await minutes();
    const fate = (id: number) => m.questions.find((q) => q.id === id)!;
    expect(fate(ids.answered)).toMatchObject({ fate: 'answered_live', stagedAtMs: 65_000, answeredAtMs: 76_200 });
    expect(fate(ids.takenDown)).toMatchObject({ fate: 'closed', closeReason: 'out_of_scope' });
    expect(fate(ids.noFate)).toMatchObject({ fate: 'no_fate' });
    expect(fate(ids.written)).toMatchObject({ fate: 'written', department: 'Phòng Kinh tế, Hạ tầng và Đô thị' });
    expect(fate(ids.pending)).toMatchObject({ fate: 'written' });
    expect(m.commitments.map((c) => c.owner)).toEqual(['Phòng Kinh tế, Hạ tầng và Đô thị']);
    expect(m.polls).toHaveLength(1);
    expect(m.polls[0]).toMatchObject({ status: 'closed', voters: 1 });
    expect(m.audience).toEqual({ peakViewers: null, askers: 1, voters: 1 });

    const csv = await (await fetch(`${server.url}/api/sessions/${session.id}/questions.csv`)).text();
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split('","').map((c) => c.replace(/^"|"$/g, '')));
    const col = (name: string) => header!.indexOf(name);
    expect(col('channel')).toBeGreaterThan(-1);
    expect(col('fate')).toBeGreaterThan(-1);
    const row = (id: number) => lines.find((l) => l[col('id')] === String(id))!;
    expect(row(ids.takenDown)[col('fate')]).toBe('closed');
    expect(row(ids.takenDown)[col('fate_detail')]).toBe('out_of_scope');
    expect(row(ids.answered)[col('channel')]).toBe('online');
    expect(row(ids.answered)[col('on_stage_at')]).toBe('00:01:05');
  });

  it('never calls a question marked answered before the session went live "answered live at 00:00"', async () => {
    const before = new Date(startsAt.getTime() - 45 * MINUTE).toISOString();
    await writeFile(server.dbPath, "UPDATE questions SET status = 'answered', answered_at = ? WHERE id = ?", [before, ids.noFate]);
    expect((await minutes()).questions.find((q) => q.id === ids.noFate)).toMatchObject({ fate: 'answered_outside_live', answeredAtMs: null, stagedAtMs: null });
  });

  it('lists only questions really answered as the archive\'s answered questions, at their moment of the recording', async () => {
    const archive = (await other.http.json<Archive>('GET', `/api/sessions/${session.id}/archive`)).body;
    expect(archive.chapters.map((c) => [c.questionId, c.atMs])).toEqual([[ids.answered, 65_000]]);
  });

  it('shows approval, the stage and the live answer in the public history, and a late written answer as late', async () => {
    const answered = (await other.http.json<FollowupView>('GET', `/api/questions/${(await minutes()).questions.find((q) => q.id === ids.answered)!.trackingCode}`)).body;
    expect(answered.history.map((e) => e.kind)).toEqual(['asked', 'approved', 'on_stage', 'answered_live']);

    now = new Date('2027-04-20T03:00:00.000Z');
    // A sign-in lasts twelve hours of the server's clock: sign in again in April.
    admin.close();
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    const late = await admin.http.json<FollowupView>('POST', `/api/staff/questions/${ids.written}/answer`, { text: 'Phường đã làm việc với chủ hộ và trả lại vỉa hè cho người đi bộ.' });
    expect(late.status).toBe(200);
    expect(late.body.answeredLate).toBe(true);
    expect(late.body.history.map((e) => e.kind)).toEqual(['asked', 'approved', 'assigned', 'answered']);
  });

  it('takes letters after the session has ended, showing their case code', async () => {
    const letter = await admin.http.json<{ id: number; externalRef: string; trackingCode: string }>('POST', `/api/staff/sessions/${session.id}/questions`, {
      text: 'Thư của ông Trần Văn Dũng về đèn đường hỏng ở ngõ 12 phố Hòa Bình.',
      channel: 'letter',
      externalRef: 'CV-2027-0315',
      clientKey: 'letter-after-end-1',
    });
    expect(letter.status).toBe(201);
    expect(letter.body.externalRef).toBe('CV-2027-0315');
    const desk = (await admin.http.json<FollowupView[]>('GET', `/api/staff/sessions/${session.id}/needs-fate`)).body;
    expect(desk.find((v) => v.question.id === letter.body.id)?.externalRef).toBe('CV-2027-0315');
    expect((await other.http.json<FollowupView>('GET', `/api/questions/${letter.body.trackingCode}`)).body.externalRef).toBe('CV-2027-0315');
  });

  it('dates the held session by when it went live, finds sessions by name, and offers no replay without a recording', async () => {
    const { body } = await other.http.json<SearchResult>('GET', `/api/search?q=${encodeURIComponent('cay xanh cong vien')}`);
    const hit = body.hits.find((h) => h.kind === 'session' && h.sessionId === session.id);
    expect(hit).toMatchObject({ sessionStartsAt: new Date(startsAt.getTime() - 30 * MINUTE).toISOString(), timeMs: null });
    const question = (await other.http.json<SearchResult>('GET', `/api/search?q=${encodeURIComponent('le loi')}`)).body.hits.find((h) => h.questionId === ids.answered);
    expect(question).toMatchObject({ kind: 'question', timeMs: null });
  });
});

describe('the programme and the clock', () => {
  let server: TestServer;
  let admin: Participant;
  const RULE = { nth: 3, weekday: 4, startTime: '14:00', durationMinutes: 120, openDaysBefore: 5 };

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin());
  });
  afterAll(() => closeSuite(server, admin));

  it('suggests a question about the same issue, not one that only shares "phường"', async () => {
    const sessionId = server.demoSessionId;
    const resident1 = await resident(server.url);
    const flooding = await ask(resident1, sessionId, 'Đường Lê Lợi trước chợ mưa to là ngập sâu, phường có kế hoạch cải tạo cống thoát nước không?');
    const bins = await ask(resident1, sessionId, 'Công viên Hòa Bình thiếu thùng rác, cuối tuần rác vứt bừa bãi quanh hồ.');
    await approve(admin, flooding.id);
    await approve(admin, bins.id);
    resident1.close();
    const draft = 'Xin hỏi phường khi nào lắp thêm thùng rác trong công viên ạ?';
    const { body } = await admin.http.json<Array<{ id: number }>>('GET', `/api/sessions/${sessionId}/similar?text=${encodeURIComponent(draft)}`);
    expect(body[0]?.id).toBe(bins.id);
    expect(body.map((q) => q.id)).not.toContain(flooding.id);
  });

  it('moves a session within a second of its time', async () => {
    const startsAt = Date.now() + 3000;
    const created = await admin.http.json<Session>('POST', '/api/admin/sessions', {
      title: 'Phiên thử giờ giấc',
      theme: 'Kiểm tra chuyển trạng thái đúng giờ',
      opensAt: new Date(startsAt - 3_600_000).toISOString(),
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const get = async () => (await admin.http.json<Session>('GET', `/api/sessions/${created.body.id}`)).body.state;
    await within(1000, async () => (await get()) === 'open');
    await within(Math.max(0, startsAt - Date.now()) + 1000, async () => (await get()) === 'live');
    expect(Date.now() - startsAt).toBeLessThan(1000);
  });

  it('recognises a session made by hand in a month, and follows a month\'s new theme unless it was set by hand', async () => {
    await admin.http.json('PUT', '/api/admin/programme', { rule: RULE, themes: [] });
    const byHand = await admin.http.json<Session>('POST', '/api/admin/sessions', {
      title: 'Tọa đàm tháng 5 (lập tay)',
      theme: 'Phòng chống ngập úng',
      startsAt: '2031-05-06T09:00:00+07:00',
      endsAt: '2031-05-06T11:00:00+07:00',
    });
    expect(byHand.status).toBe(201);
    const generated = await admin.http.json<{ created: Session[]; skipped: Array<{ month: string; reason: string; sessionId?: number }> }>('POST', '/api/admin/programme/generate', { from: '2031-04', months: 3 });
    expect(generated.body.created.map((s) => s.occurrenceKey)).toEqual(['2031-04', '2031-06']);
    expect(generated.body.skipped).toEqual([{ month: '2031-05', reason: 'exists', sessionId: byHand.body.id }]);

    const [april, june] = generated.body.created;
    expect((await admin.http.json('PATCH', `/api/admin/sessions/${june!.id}`, { theme: 'Chủ đề do chủ tọa chọn' })).status).toBe(200);
    // The admin form sends the theme with every edit: moving April's session keeps its theme planned, not chosen.
    const moved = await admin.http.json('PATCH', `/api/admin/sessions/${april!.id}`, { theme: april!.theme, startsAt: '2031-04-18T14:00:00+07:00', endsAt: '2031-04-18T16:00:00+07:00' });
    expect(moved.status).toBe(200);
    await admin.http.json('PUT', '/api/admin/programme', {
      rule: RULE,
      themes: [
        { month: '2031-04', theme: 'An toàn thực phẩm' },
        { month: '2031-06', theme: 'Học phí năm học mới' },
      ],
    });
    expect((await admin.http.json<Session>('GET', `/api/sessions/${april!.id}`)).body.theme).toBe('An toàn thực phẩm');
    expect((await admin.http.json<Session>('GET', `/api/sessions/${june!.id}`)).body.theme).toBe('Chủ đề do chủ tọa chọn');
  });
});
