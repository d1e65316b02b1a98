import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentTag } from '../../server/auth/actor.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import type { Me } from '../../shared/schemas/staff.ts';
import type { DialogueRequest, DialogueRequestList } from '../../shared/schemas/dialogue.ts';
import type { MyData, PrivacyRequest } from '../../shared/schemas/privacy.ts';
import type { PublicQuestion, StaffQuestion } from '../../shared/schemas/question.ts';
import { HttpAgent, nextEvent, resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, closeSuite, expectOk, goLive, newStaffMember, queryFile, serverWithAdmin } from '../support/factory.ts';
import { listRoutes } from '../support/routes.ts';
import type { TestServer } from '../support/server.ts';

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;
const FORWARDED_IP = '203.0.113.77';

const HIDDEN = 'Trần Thị Kín';
const PUBLISHED = 'Lê Văn Công';
const ENTERED = 'Phạm Văn Thư';
const ERASED = 'Đỗ Thị Xóa';
const CONTACT = '0912 345 678';
const TEXTS = {
  hidden: 'Đề nghị phường sửa đèn chiếu sáng ngõ 12 phố Hoa.',
  published: 'Khi nào phường nạo vét cống thoát nước phố Mai?',
  entered: 'Thư gửi phường: xin lịch tiêm chủng tháng tới cho trẻ.',
  answered: 'Xin hỏi phường có lớp học bơi miễn phí hè này không?',
  pending: 'Nhà tôi ở tổ 7 bị hàng xóm lấn chiếm lối đi chung.',
  /** Public, then erased: its one unusual word must leave the search index's segments too. */
  approvedErased: 'Đề nghị kiểm tra loa qqzzerase của quán cà phê đầu ngõ.',
};

describe('personal data (Law 91/2025/QH15, Decree 356/2025)', () => {
  let server: TestServer;
  let admin: Participant;
  let moderator: Participant;
  let alice: Participant;
  let bob: Participant;
  let sessionId: number;
  let offsetMs = 0;
  const logs: string[] = [];
  const ids = {} as { hidden: number; published: number; entered: number };

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin({
      env: { LOG_LEVEL: 'trace', TRUST_PROXY: 'true' },
      clock: () => new Date(Date.now() + offsetMs),
      logTo: (line) => logs.push(line),
    }));
    moderator = await newStaffMember(admin, server.url, 'moderator');
    alice = await resident(server.url);
    bob = await resident(server.url);
    for (const p of [admin, moderator, alice, bob]) expectOk(await p.send('session:join', { sessionId }));
  });
  afterAll(() => closeSuite(server, admin, moderator, alice, bob));

  it('publishes a name only when the asker ticks the choice: not in the list, CSV, search or minutes otherwise', async () => {
    const hidden = await ask(alice, sessionId, TEXTS.hidden, { name: HIDDEN });
    const published = await ask(bob, sessionId, TEXTS.published, { name: PUBLISHED, publishName: true });
    expect(hidden).toMatchObject({ name: HIDDEN, namePublished: false, authorName: null });
    expect(published).toMatchObject({ name: PUBLISHED, namePublished: true });
    ids.hidden = hidden.id;
    ids.published = published.id;
    await approve(moderator, hidden.id);
    await approve(moderator, published.id);

    const list = (await bob.http.json<PublicQuestion[]>('GET', `/api/sessions/${sessionId}/questions`)).body;
    expect(list.find((q) => q.id === hidden.id)?.authorName).toBeNull();
    expect(list.find((q) => q.id === published.id)?.authorName).toBe(PUBLISHED);
    const csv = await (await bob.http.request('GET', `/api/sessions/${sessionId}/questions.csv`)).text();
    const search = await (await bob.http.request('GET', '/api/search?q=den%20chieu%20sang')).text();
    const minutes = await (await bob.http.request('GET', `/api/sessions/${sessionId}/minutes`)).text();
    expect(csv).toContain(PUBLISHED);
    expect(search).toContain(`"questionId":${hidden.id}`);
    for (const body of [JSON.stringify(list), csv, search, minutes]) expect(body).not.toContain(HIDDEN);

    const staffView = expectOk(await moderator.send('session:join', { sessionId }));
    const staffQuestions = staffView.questions as StaffQuestion[];
    expect(staffQuestions.find((q) => q.id === hidden.id)).toMatchObject({ askerName: null, askerNameHidden: true, nameBasis: null });
    expect(staffQuestions.find((q) => q.id === published.id)).toMatchObject({ askerName: PUBLISHED, askerNameHidden: false, nameBasis: 'asker_choice' });
    expect(JSON.stringify(staffView)).not.toContain(HIDDEN);
  });

  it('records the basis on which a staff-entered question shows its asker\'s name', async () => {
    const path = `/api/staff/sessions/${sessionId}/questions`;
    const base = { text: TEXTS.entered, channel: 'letter', name: ENTERED, clientKey: `letter-${Date.now()}` };
    const refused = await moderator.http.json<{ error: { code: string; message: string } }>('POST', path, { ...base, publishName: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('nameBasis');
    const entered = await moderator.http.json<StaffQuestion>('POST', path, { ...base, publishName: true, nameBasis: 'written_consent' });
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({ askerName: ENTERED, nameBasis: 'written_consent', authorName: ENTERED });
    ids.entered = entered.body.id;
    const [row] = await queryFile<{ name_public: number; name_basis: string }>(server.dbPath, 'SELECT name_public, name_basis FROM questions WHERE id = ?', [entered.body.id]);
    expect(row).toEqual({ name_public: 1, name_basis: 'written_consent' });
    const [audit] = await queryFile<{ detail_json: string }>(server.dbPath, "SELECT detail_json FROM audit_log WHERE action = 'question.enter' AND question_id = ?", [entered.body.id]);
    expect(JSON.parse(audit!.detail_json)).toMatchObject({ channel: 'letter', nameBasis: 'written_consent' });
  });

  it('audits every time staff read a name its asker did not publish: who, when, which question', async () => {
    const before = Date.now() + offsetMs;
    const read = await moderator.http.json<{ name: string }>('POST', `/api/staff/questions/${ids.hidden}/asker-name`, {});
    expect(read).toEqual({ status: 200, body: { questionId: ids.hidden, name: HIDDEN } });
    expect((await bob.http.json('POST', `/api/staff/questions/${ids.hidden}/asker-name`, {})).status).toBe(401);
    const rows = await queryFile<{ actor: string; question_id: number; at: string; session_id: number }>(
      server.dbPath,
      "SELECT actor, question_id, at, session_id FROM audit_log WHERE action = 'question.asker_name_read'",
    );
    expect(rows).toEqual([{ actor: moderator.me.staff!.username, question_id: ids.hidden, at: expect.any(String), session_id: sessionId }]);
    expect(Date.parse(rows[0]!.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('shows a resident everything held about them, erases it in one write, and updates everybody\'s counts', async () => {
    const erin = await resident(server.url);
    expectOk(await erin.send('session:join', { sessionId }));
    const answered = await ask(erin, sessionId, TEXTS.answered, { name: ERASED, publishName: true, topic: 'Tổ 7' });
    const pending = await ask(erin, sessionId, TEXTS.pending, { name: ERASED });
    const approvedErased = await ask(erin, sessionId, TEXTS.approvedErased);
    await approve(moderator, answered.id);
    await approve(moderator, approvedErased.id);
    await goLive(admin, sessionId);
    expectOk(await admin.send('question:moderate', { questionId: answered.id, action: 'stage' }));
    expectOk(await admin.send('question:moderate', { questionId: answered.id, action: 'answer' }));
    expectOk(await erin.send('vote:set', { questionId: ids.published, value: true }));
    expectOk(await alice.send('vote:set', { questionId: ids.published, value: true }));
    const poll = expectOk(await admin.send('poll:create', { sessionId, question: 'Phường nên ưu tiên việc gì?', options: ['Đèn đường', 'Cống'] }));
    expectOk(await admin.send('poll:open', { pollId: poll.id }));
    expectOk(await erin.send('poll:vote', { pollId: poll.id, optionIds: [poll.options[0]!.id] }));
    expectOk(await bob.send('poll:vote', { pollId: poll.id, optionIds: [poll.options[1]!.id] }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [{ vote_count: votesBefore }] = (await queryFile<{ vote_count: number }>(server.dbPath, 'SELECT vote_count FROM questions WHERE id = ?', [ids.published])) as [{ vote_count: number }];

    const data = (await erin.http.json<MyData>('GET', '/api/me/data')).body;
    expect(data.questions.map((q) => [q.id, q.name, q.status])).toEqual([
      [answered.id, ERASED, 'answered'],
      [pending.id, ERASED, 'pending'],
      [approvedErased.id, null, 'approved'],
    ]);
    expect(data.votes.map((v) => v.questionId)).toEqual([ids.published]);
    expect(data.pollVotes).toEqual([{ pollId: poll.id, sessionId, question: 'Phường nên ưu tiên việc gì?', option: 'Đèn đường' }]);
    const download = await erin.http.request('GET', '/api/me/data?download=1');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="?toa-dam-du-lieu-cua-toi\.json/);
    expect(((await download.json()) as MyData).questions).toHaveLength(3);

    const oldId = await residentIdOf(server.dbPath, pending.id);
    const tallied = nextEvent(bob.socket, 'votes:tallied', (e) => e.counts.some(([id, n]) => id === ids.published && n === votesBefore - 1));
    const pollSeen = nextEvent(bob.socket, 'poll:changed', (p) => p.id === poll.id && p.voters === 1);
    const unnamed = nextEvent(bob.socket, 'question:changed', (e) => e.question.id === answered.id && e.question.authorName === null);
    const staffRemoved = nextEvent(moderator.socket, 'question:removed', (e) => e.questionId === pending.id);
    const erinDropped = new Promise<void>((resolve) => erin.socket.once('disconnect', () => resolve()));

    expect((await erin.http.json('POST', '/api/me/erase', {})).status).toBe(400);
    const cookieBefore = erin.http.cookieHeader;
    const erased = await erin.http.json('POST', '/api/me/erase', { confirm: true });
    expect(erased).toEqual({ status: 200, body: { questionsRemoved: 2, questionsKept: 1, votesRemoved: 1, pollVotesRemoved: 1 } });
    expect(erin.http.cookieHeader).not.toBe(cookieBefore);
    await Promise.all([tallied, pollSeen, unnamed, staffRemoved, erinDropped]);

    for (const table of ['questions', 'votes', 'poll_votes', 'media_stage']) {
      expect(await queryFile(server.dbPath, `SELECT 1 FROM ${table} WHERE resident_id = ?`, [oldId])).toEqual([]);
    }
    expect(await queryFile(server.dbPath, 'SELECT id FROM questions WHERE id = ?', [pending.id])).toEqual([]);
    const [kept] = await queryFile<{ text: string; author_name: string | null; resident_id: string; status: string }>(
      server.dbPath,
      'SELECT text, author_name, resident_id, status FROM questions WHERE id = ?',
      [answered.id],
    );
    expect(kept).toMatchObject({ text: TEXTS.answered, author_name: null, status: 'answered' });
    expect(kept!.resident_id).toMatch(/^erased:/);
    const audits = await queryFile<{ actor: string; detail_json: string }>(server.dbPath, "SELECT actor, detail_json FROM audit_log WHERE action = 'privacy.erase'");
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]!.detail_json)).toEqual({ questionsRemoved: 2, questionsKept: 1, votesRemoved: 1, pollVotesRemoved: 1 });
    for (const secret of [ERASED, TEXTS.pending, oldId, residentTag(oldId)]) expect(audits[0]!.actor + audits[0]!.detail_json).not.toContain(secret);

    // Art. 14: erased data cannot be recovered from the file either (zeroed pages, merged index, emptied WAL).
    for (const file of [server.dbPath, `${server.dbPath}-wal`].filter(existsSync)) {
      const bytes = readFileSync(file).toString('utf8');
      for (const secret of [ERASED, TEXTS.pending, TEXTS.approvedErased, 'qqzzerase', oldId]) expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }

    const after = await new HttpAgent(server.url).json<MyData>('GET', '/api/me/data');
    expect(after.body).toMatchObject({ questions: [], votes: [], pollVotes: [], stage: [] });
    const again = (await erin.http.json<MyData>('GET', '/api/me/data')).body;
    expect(again).toMatchObject({ questions: [], votes: [], pollVotes: [] });
    erin.close();
  });

  it('lets staff record a request that came by letter or at the office, due two working days later, and shows overdue ones', async () => {
    const path = '/api/staff/privacy-requests';
    const friday = await moderator.http.json<PrivacyRequest>('POST', path, { kind: 'erase', channel: 'letter', requester: `Ngô Thị Liên, ${CONTACT}`, receivedDay: '2026-10-16' });
    expect(friday.status).toBe(201);
    expect(friday.body).toMatchObject({ receivedDay: '2026-10-16', dueDay: '2026-10-20', overdue: true, doneAt: null });
    const today = await admin.http.json<PrivacyRequest>('POST', path, { kind: 'access', channel: 'office', requester: 'Người đến trụ sở' });
    expect(today.body.overdue).toBe(false);
    expect(today.body.dueDay > today.body.receivedDay).toBe(true);
    expect((await admin.http.json('POST', path, { kind: 'access', channel: 'office', requester: 'Ai đó', receivedDay: '2099-01-01' })).status).toBe(400);

    const list = (await admin.http.json<PrivacyRequest[]>('GET', path)).body;
    expect(list.map((r) => [r.id, r.overdue])).toEqual([
      [friday.body.id, true],
      [today.body.id, false],
    ]);
    const done = await moderator.http.json<PrivacyRequest>('POST', `${path}/${friday.body.id}/done`, { outcome: 'Đã xóa và trả lời bằng thư' });
    expect(done.body).toMatchObject({ overdue: false, outcome: 'Đã xóa và trả lời bằng thư' });
    expect(done.body.doneAt).not.toBeNull();
    const audit = await queryFile<{ detail_json: string }>(server.dbPath, "SELECT detail_json FROM audit_log WHERE action LIKE 'privacy.request%'");
    expect(audit).toHaveLength(3);
    for (const row of audit) expect(row.detail_json).not.toContain(CONTACT);
  });

  it('links no resident id to what they voted for in any route, export or staff feed, except their own data', async () => {
    const voter = await resident(server.url);
    const voterId = (await voter.http.json<Me>('GET', '/api/me')).body.residentTag;
    expectOk(await voter.send('vote:set', { questionId: ids.hidden, value: true }));
    const voters = await queryFile<{ resident_id: string }>(server.dbPath, 'SELECT resident_id FROM votes WHERE question_id = ?', [ids.hidden]);
    const id = voters.map((v) => v.resident_id).find((r) => residentTag(r) === voterId)!;
    expect(id).toBeDefined();
    const [code] = await queryFile<{ tracking_code: string }>(server.dbPath, 'SELECT tracking_code FROM questions WHERE id = ?', [ids.hidden]);

    const seen: string[] = [];
    for (const route of listRoutes(server.platform.app.web)) {
      const [method, template] = route.split(' ') as [string, string];
      if (method !== 'GET' || template.startsWith('/^') || template.startsWith('/api/me')) continue;
      const path = template
        .replace(/^\/api\/units\/:id/, '/api/units/1')
        .replace(':id', String(sessionId))
        .replace(':code', code!.tracking_code)
        .replace(':year', '2026')
        .concat(template === '/api/scoreboard' || template === '/api/scoreboard.csv' ? '?unit=1' : template === '/api/search' ? '?q=den' : '');
      const body = await (await admin.http.request('GET', path)).text();
      seen.push(path);
      expect(body, path).not.toContain(id);
      expect(body, path).not.toContain(voterId);
    }
    expect(seen.length).toBeGreaterThan(30);
    const staffFeed = JSON.stringify(expectOk(await admin.send('session:join', { sessionId })));
    expect(staffFeed).not.toContain(voterId);
    expect(staffFeed).not.toContain(id);
    expect(logs.join('')).not.toContain(id);

    const own = (await voter.http.json<MyData>('GET', '/api/me/data')).body;
    expect(own.votes.map((v) => v.questionId)).toEqual([ids.hidden]);
    voter.close();
  });

  it('writes no IP address to disk', async () => {
    const agent = new HttpAgent(server.url);
    const headers = { 'x-forwarded-for': FORWARDED_IP };
    await agent.request('GET', '/api/me', undefined, headers);
    await agent.request('POST', '/api/auth/login', { username: 'admin', password: 'not the password' }, headers);
    await agent.request('POST', '/api/auth/login', { username: 'admin', password: server.adminPassword }, headers);
    await agent.request('POST', `/api/staff/sessions/${sessionId}/questions`, { text: 'Câu hỏi gọi điện đến đường dây nóng.', channel: 'hotline', clientKey: `ip-${Date.now()}` }, headers);
    await agent.request('POST', '/api/staff/privacy-requests', { kind: 'other', channel: 'hotline', requester: 'Người gọi' }, headers);
    await agent.request('POST', '/api/admin/sessions', '{"broken', headers);
    const files = [server.dbPath, `${server.dbPath}-wal`].filter(existsSync);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes, file).not.toContain(FORWARDED_IP);
      expect(bytes, file).not.toContain('127.0.0.1');
    }
  });

  it('detaches resident ids from a session\'s questions and votes the configured months after it ends (12 by default)', async () => {
    expect(loadConfig({}).residentIdRetentionMonths).toBe(12);
    expect(loadConfig({ RESIDENT_ID_RETENTION_MONTHS: '6' }).residentIdRetentionMonths).toBe(6);
    expect(() => loadConfig({ RESIDENT_ID_RETENTION_MONTHS: '0' })).toThrow(/RESIDENT_ID_RETENTION_MONTHS/);

    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
    const bobId = await residentIdOf(server.dbPath, ids.published);
    const [session] = await queryFile<{ ends_at: string }>(server.dbPath, 'SELECT ends_at FROM sessions WHERE id = ?', [sessionId]);
    const endsAt = Date.parse(session!.ends_at);
    const countsBefore = await queryFile(server.dbPath, 'SELECT id, vote_count FROM questions WHERE session_id = ? ORDER BY id', [sessionId]);
    const pollBefore = await queryFile(server.dbPath, 'SELECT poll_id, COUNT(DISTINCT resident_id) AS voters, COUNT(*) AS n FROM poll_votes GROUP BY poll_id');

    offsetMs = endsAt + 11 * MONTH_MS - Date.now();
    await server.platform.app.scheduler.tick();
    expect(await queryFile(server.dbPath, 'SELECT id FROM questions WHERE resident_id = ?', [bobId])).toHaveLength(1);

    offsetMs = endsAt + 13 * MONTH_MS - Date.now();
    await server.platform.app.scheduler.tick();
    for (const table of ['questions', 'votes', 'poll_votes']) {
      expect(await queryFile(server.dbPath, `SELECT 1 FROM ${table} WHERE resident_id = ?`, [bobId]), table).toEqual([]);
    }
    const linked = await queryFile(
      server.dbPath,
      `SELECT resident_id FROM questions WHERE session_id = ?1 AND resident_id NOT LIKE 'detached:%' AND resident_id NOT LIKE 'erased:%'
       UNION ALL SELECT v.resident_id FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.session_id = ?1 AND v.resident_id NOT LIKE 'detached:%'`,
      [sessionId],
    );
    expect(linked).toEqual([]);
    expect(await queryFile(server.dbPath, 'SELECT id, vote_count FROM questions WHERE session_id = ? ORDER BY id', [sessionId])).toEqual(countsBefore);
    expect(await queryFile(server.dbPath, 'SELECT poll_id, COUNT(DISTINCT resident_id) AS voters, COUNT(*) AS n FROM poll_votes GROUP BY poll_id')).toEqual(pollBefore);
    expect((await bob.http.json<MyData>('GET', '/api/me/data')).body.questions).toEqual([]);
    expect(logs.join('')).toContain('resident ids detached');
  });

  it('detaches the ids that started and backed a dialogue request the configured months after it was decided, keeping its count', async () => {
    const started = await alice.http.json<DialogueRequest>('POST', '/api/units/1/dialogue-requests', { theme: 'Đối thoại về bãi đỗ xe khu chợ cũ' });
    const requestId = started.body.id;
    expect((await bob.http.json<DialogueRequest>('POST', `/api/dialogue-requests/${requestId}/back`, {})).body.backers).toBe(2);
    const residentIds = async () =>
      (
        await queryFile<{ id: string }>(
          server.dbPath,
          'SELECT created_by AS id FROM dialogue_requests WHERE id = ?1 UNION ALL SELECT resident_id FROM dialogue_request_backers WHERE request_id = ?1',
          [requestId],
        )
      ).map((r) => r.id);
    const linked = await residentIds();
    expect(new Set(linked).size).toBe(2);
    const counts = () =>
      queryFile(server.dbPath, 'SELECT backer_count, (SELECT COUNT(*) FROM dialogue_request_backers WHERE request_id = r.id) AS n FROM dialogue_requests r WHERE id = ?', [requestId]);
    const mine = async () => (await bob.http.json<DialogueRequestList>('GET', '/api/units/1/dialogue-requests')).body.requests.find((r) => r.id === requestId);

    // An open request still takes backing: each browser backs it once, so its ids stay however old it is.
    offsetMs += 13 * MONTH_MS;
    await server.platform.app.scheduler.tick();
    expect(await residentIds()).toEqual(linked);

    const decision = { status: 'declined', outcome: 'Bãi đỗ xe đã được bố trí trong quy hoạch chợ mới.', sessionId: null };
    // A year on, the first sign-in has long expired.
    const deciding = await staffMember(server.url, 'admin', server.adminPassword);
    expect((await deciding.http.json('POST', `/api/admin/dialogue-requests/${requestId}/decision`, decision)).status).toBe(200);
    deciding.close();
    offsetMs += 11 * MONTH_MS;
    await server.platform.app.scheduler.tick();
    expect(await residentIds()).toEqual(linked);

    offsetMs += 2 * MONTH_MS;
    await server.platform.app.scheduler.tick();
    const after = await residentIds();
    expect(after.filter((id) => linked.includes(id))).toEqual([]);
    expect(after.every((id) => id.startsWith('detached:'))).toBe(true);
    expect(new Set(after).size).toBe(3);
    expect(await counts()).toEqual([{ backer_count: 2, n: 2 }]);
    expect(await mine()).toMatchObject({ backers: 2, backedByMe: false, status: 'declined' });
  });

  it('logs no question text, name or contact data, and no IP address', () => {
    const all = logs.join('');
    expect(all).toContain('"msg"');
    for (const secret of [...Object.values(TEXTS), HIDDEN, PUBLISHED, ENTERED, ERASED, CONTACT, FORWARDED_IP]) expect(all).not.toContain(secret);
  });
});

describe('migration 014: a name that was public stays public, on the basis that it was published before', () => {
  it('publishes the names of questions that were not anonymous and no others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toadam-014-'));
    try {
      const path = join(dir, 'old.sqlite');
      const old = new sqlite3.Database(path);
      const exec = (sql: string) => new Promise<void>((resolve, reject) => old.exec(sql, (err) => (err ? reject(err) : resolve())));
      await exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
      for (const name of ['001_initial.sql', '002_media.sql', '003_programme.sql', '004_transcripts.sql', '005_followups.sql', '006_commitments_polls.sql']) {
        await exec(readFileSync(join('server/core/db/migrations', name), 'utf8'));
        await exec(`INSERT INTO schema_migrations VALUES ('${name}', '2026-01-01')`);
      }
      const t = "'2026-11-01T00:00:00.000Z'";
      await exec(`INSERT INTO units (id, name, created_at) VALUES (1, 'UBND', ${t});
        INSERT INTO sessions (id, unit_id, title, theme, starts_at, ends_at, state, created_at, updated_at) VALUES (1, 1, 'P', 'T', ${t}, ${t}, 'ended', ${t}, ${t});
        INSERT INTO questions (id, session_id, resident_id, client_key, text, author_name, anonymous, status, created_at, tracking_code) VALUES
          (1, 1, 'r1', 'k1', 'Câu hỏi có tên công khai', 'An', 0, 'approved', ${t}, 'TD-2026-11-0001'),
          (2, 1, 'r2', 'k2', 'Câu hỏi ẩn danh', 'Bình', 1, 'approved', ${t}, 'TD-2026-11-0002'),
          (3, 1, 'r3', 'k3', 'Câu hỏi không tên', NULL, 0, 'approved', ${t}, 'TD-2026-11-0003');`);
      await new Promise<void>((resolve) => old.close(() => resolve()));

      const db = await openDatabase(path);
      try {
        expect(await migrate(db)).toContain('014_personal_data.sql');
        expect(await db.all('SELECT id, author_name, name_public, name_basis FROM questions ORDER BY id')).toEqual([
          { id: 1, author_name: 'An', name_public: 1, name_basis: 'earlier_form' },
          { id: 2, author_name: 'Bình', name_public: 0, name_basis: null },
          { id: 3, author_name: null, name_public: 0, name_basis: null },
        ]);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function residentIdOf(dbPath: string, questionId: number): Promise<string> {
  const [row] = await queryFile<{ resident_id: string }>(dbPath, 'SELECT resident_id FROM questions WHERE id = ?', [questionId]);
  return row!.resident_id;
}
