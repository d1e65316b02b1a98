import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type CommandName } from '../../shared/events.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, expectOk, newStaffMember, otherUnitAdmin } from '../support/factory.ts';
import { listRoutes } from '../support/routes.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Role = 'anonymous' | 'resident' | 'moderator' | 'chair' | 'admin' | 'otherUnitAdmin';
const ROLES: Role[] = ['anonymous', 'resident', 'moderator', 'chair', 'admin', 'otherUnitAdmin'];
const EVERYONE = ROLES;
const STAFF: Role[] = ['moderator', 'chair', 'admin'];
const MODERATORS: Role[] = ['moderator', 'admin'];
/** Administrators of any unit manage their own unit's settings; the other unit's admin acts on its own unit here. */
const ANY_ADMIN: Role[] = ['admin', 'otherUnitAdmin'];

interface Ctx {
  sessionId: number;
  questionId: number;
  segmentId: number;
  staffId: number;
  code: string;
}

interface Row {
  route: string;
  path?: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  allowed: Role[];
  /** Routes that decide by ownership, not by role, and are tested where that is the point. */
  note?: string;
}

/**
 * Every HTTP route × every role, from this one table. An allowed role must get past authorization (any answer but
 * 401/403: the domain may still say 404 or 409); anybody else gets 401 without a staff sign-in and 403 with one.
 */
const HTTP: Row[] = [
  { route: 'GET /healthz', allowed: EVERYONE },
  { route: 'GET /healthz/live', allowed: EVERYONE },
  { route: 'GET /healthz/ready', allowed: EVERYONE },
  { route: 'GET /metrics', allowed: EVERYONE, note: 'a bearer token, not a role: tested in metrics.test.ts' },
  { route: 'GET /api/openapi.json', allowed: EVERYONE },
  { route: 'GET /api/me', allowed: EVERYONE },
  { route: 'GET /api/me/questions', allowed: EVERYONE },
  { route: 'GET /api/me/data', allowed: EVERYONE },
  { route: 'POST /api/me/erase', allowed: EVERYONE, note: 'acts on the caller\'s own data only (and ends their sockets): tested in privacy.test.ts' },
  { route: 'GET /api/privacy', allowed: EVERYONE },
  { route: 'GET /api/media/status', allowed: EVERYONE },
  { route: 'GET /api/sessions/:id/stage/me', path: (c) => `/api/sessions/${c.sessionId}/stage/me`, allowed: EVERYONE },
  { route: 'GET /api/units', allowed: EVERYONE },
  { route: 'GET /api/units/:id/programme', path: () => '/api/units/1/programme', allowed: EVERYONE },
  { route: 'GET /api/units/:id/calendar.ics', path: () => '/api/units/1/calendar.ics', allowed: EVERYONE },
  { route: 'GET /api/units/:id/departments', path: () => '/api/units/1/departments', allowed: EVERYONE },
  { route: 'GET /api/units/:id/allowances', path: () => '/api/units/1/allowances', allowed: EVERYONE },
  { route: 'GET /api/units/:id/commitments', path: () => '/api/units/1/commitments', allowed: EVERYONE },
  { route: 'GET /api/units/:id/theme-suggestions', path: () => '/api/units/1/theme-suggestions', allowed: EVERYONE },
  { route: 'GET /api/calendar/:year', path: () => '/api/calendar/2027', allowed: EVERYONE },
  { route: 'GET /api/scoreboard', path: () => '/api/scoreboard?unit=1', allowed: EVERYONE },
  { route: 'GET /api/scoreboard.csv', path: () => '/api/scoreboard.csv?unit=1', allowed: EVERYONE },
  { route: 'GET /api/search', path: () => '/api/search?q=toa%20dam', allowed: EVERYONE },
  { route: 'GET /api/questions/:code', path: (c) => `/api/questions/${c.code}`, allowed: EVERYONE },
  { route: 'GET /api/questions/:code/attachment', path: (c) => `/api/questions/${c.code}/attachment`, allowed: EVERYONE },
  { route: 'GET /api/questions/:code/notifications', path: (c) => `/api/questions/${c.code}/notifications`, allowed: EVERYONE },
  { route: 'GET /api/notify/stop/:token', path: () => `/api/notify/stop/${'x'.repeat(32)}`, allowed: EVERYONE },
  {
    route: 'PUT /api/questions/:code/contact',
    path: (c) => `/api/questions/${c.code}/contact`,
    body: () => ({ channel: 'email', address: 'matrix@example.vn', consent: true }),
    allowed: EVERYONE,
  },
  { route: 'POST /api/questions/:code/contact/verify', path: (c) => `/api/questions/${c.code}/contact/verify`, body: () => ({ code: '000000' }), allowed: EVERYONE },
  { route: 'GET /api/sessions/:id/reminder', path: (c) => `/api/sessions/${c.sessionId}/reminder`, allowed: EVERYONE },
  {
    route: 'PUT /api/sessions/:id/reminder',
    path: (c) => `/api/sessions/${c.sessionId}/reminder`,
    body: () => ({ address: 'matrix@example.vn', consent: true }),
    allowed: EVERYONE,
  },
  { route: 'POST /api/sessions/:id/reminder/verify', path: (c) => `/api/sessions/${c.sessionId}/reminder/verify`, body: () => ({ code: '000000' }), allowed: EVERYONE },
  { route: 'POST /api/notify/stop/:token', path: () => `/api/notify/stop/${'x'.repeat(32)}`, allowed: EVERYONE },
  { route: 'GET /api/sessions', allowed: EVERYONE },
  ...['', '/questions', '/questions.csv', '/transcript', '/archive', '/minutes', '/report', '/commitments', '/calendar.ics'].map(
    (tail): Row => ({ route: `GET /api/sessions/:id${tail}`, path: (c) => `/api/sessions/${c.sessionId}${tail}`, allowed: EVERYONE }),
  ),
  { route: 'GET /api/sessions/:id/similar', path: (c) => `/api/sessions/${c.sessionId}/similar?text=via%20he`, allowed: EVERYONE },
  { route: 'POST /api/auth/login', body: () => ({ username: 'nobody', password: 'wrong password' }), allowed: [], note: 'wrong credentials: 401 for all' },
  { route: 'POST /api/auth/logout', allowed: EVERYONE, note: 'ends the sign-in: tested in authorization.test.ts' },
  { route: 'POST /livekit/webhook', allowed: EVERYONE, note: 'signed by LiveKit, not by a role: tested in media-livekit.test.ts' },
  { route: 'POST /api/me/questions/seen', body: (c) => ({ questionIds: [c.questionId] }), allowed: EVERYONE },
  { route: 'POST /api/me/questions/:id/rating', allowed: [], note: 'only the asker: tested in followups.test.ts' },
  { route: 'POST /api/me/questions/:id/reopen', allowed: [], note: 'only the asker: tested in followups.test.ts' },
  { route: 'PUT /api/me/questions/:id/contact', allowed: [], note: 'only the asker: tested in notify-email.test.ts' },
  { route: 'POST /api/me/questions/:id/contact/verify', allowed: [], note: 'only the asker: tested in notify-email.test.ts' },
  { route: 'PUT /api/staff/questions/:id/contact', allowed: [], note: 'staff of the unit, for a question they entered from another channel: tested in notify-crash.test.ts and notify-channels.test.ts' },
  { route: 'GET /api/staff/notifications/dead', allowed: ['moderator', 'admin', 'otherUnitAdmin'] },
  { route: 'POST /api/staff/notifications/:id/retry', allowed: [], note: 'staff of the question\'s unit who moderate: tested in notify-dead-letters.test.ts' },
  { route: 'GET /api/staff/questions/:id/notifications', path: (c) => `/api/staff/questions/${c.questionId}/notifications`, allowed: MODERATORS },
  { route: 'GET /api/admin/staff', allowed: ANY_ADMIN },
  { route: 'GET /api/admin/backups', allowed: ANY_ADMIN },
  { route: 'POST /api/admin/staff', body: () => ({ username: `u${Math.random().toString(36).slice(2, 9)}`, displayName: 'Người mới', role: 'moderator', password: 'mat-khau-du-dai' }), allowed: ANY_ADMIN },
  { route: 'PATCH /api/admin/staff/:id', path: (c) => `/api/admin/staff/${c.staffId}`, body: () => ({ displayName: 'Đổi tên' }), allowed: ['admin'] },
  { route: 'POST /api/admin/sessions', body: () => ({ title: 'Phiên thử quyền', theme: 'Thử quyền', startsAt: `20${30 + Math.floor(Math.random() * 60)}-03-18T14:00:00+07:00`, endsAt: '2099-03-18T16:00:00+07:00' }), allowed: ANY_ADMIN },
  { route: 'PATCH /api/admin/sessions/:id', path: (c) => `/api/admin/sessions/${c.sessionId}`, body: () => ({ description: 'Mô tả mới' }), allowed: ['admin'] },
  { route: 'POST /api/admin/sessions/:id/notice', path: (c) => `/api/admin/sessions/${c.sessionId}/notice`, allowed: ['admin'] },
  { route: 'GET /api/sessions/:id/results', path: (c) => `/api/sessions/${c.sessionId}/results`, allowed: EVERYONE },
  { route: 'PUT /api/staff/sessions/:id/results', path: (c) => `/api/staff/sessions/${c.sessionId}/results`, body: () => ({ summary: 'Kết quả', groups: [] }), allowed: MODERATORS },
  { route: 'POST /api/staff/sessions/:id/results/sign', path: (c) => `/api/staff/sessions/${c.sessionId}/results/sign`, body: () => ({ as: 'secretary' }), allowed: MODERATORS },
  { route: 'POST /api/staff/sessions/:id/results/publish', path: (c) => `/api/staff/sessions/${c.sessionId}/results/publish`, allowed: ['chair', 'admin'] },
  { route: 'GET /api/staff/results-due', allowed: ['moderator', 'chair', 'admin', 'otherUnitAdmin'] },
  { route: 'GET /api/units/:id/dialogue-requests', path: () => '/api/units/1/dialogue-requests', allowed: EVERYONE },
  { route: 'POST /api/units/:id/dialogue-requests', path: () => '/api/units/1/dialogue-requests', body: () => ({ theme: 'Đề nghị đối thoại để thử quyền' }), allowed: EVERYONE },
  { route: 'POST /api/dialogue-requests/:id/back', path: () => '/api/dialogue-requests/999999/back', allowed: EVERYONE },
  { route: 'POST /api/admin/dialogue-requests/:id/decision', allowed: [], note: 'authorized against the request\'s unit: 404 before any role check for an unknown one; tested in dialogue.test.ts' },
  { route: 'PUT /api/admin/voter-count', body: () => ({ voterCount: 12000 }), allowed: ANY_ADMIN },
  { route: 'POST /api/admin/sessions/:id/transition', path: (c) => `/api/admin/sessions/${c.sessionId}/transition`, body: () => ({ to: 'scheduled' }), allowed: ['chair', 'admin'] },
  { route: 'POST /api/admin/sessions/:id/transcript/import', path: (c) => `/api/admin/sessions/${c.sessionId}/transcript/import`, body: () => ({ format: 'vtt', content: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThử\n', mode: 'merge', preview: true }), allowed: STAFF },
  { route: 'PATCH /api/admin/transcript/:id', path: (c) => `/api/admin/transcript/${c.segmentId}`, body: () => ({ speakerRole: 'Chủ tịch' }), allowed: STAFF },
  { route: 'GET /api/admin/sessions/:id/stream-targets', path: (c) => `/api/admin/sessions/${c.sessionId}/stream-targets`, allowed: ['admin'] },
  { route: 'PUT /api/admin/sessions/:id/stream-targets', path: (c) => `/api/admin/sessions/${c.sessionId}/stream-targets`, body: () => ({ targets: [] }), allowed: ['admin'] },
  { route: 'GET /api/admin/sessions/:id/ingress', path: (c) => `/api/admin/sessions/${c.sessionId}/ingress`, allowed: ['admin'] },
  { route: 'POST /api/admin/sessions/:id/ingress', path: (c) => `/api/admin/sessions/${c.sessionId}/ingress`, body: () => ({ type: 'rtmp' }), allowed: ['admin'] },
  { route: 'PUT /api/admin/programme', body: () => ({ rule: { nth: 3, weekday: 4, startTime: '14:00', durationMinutes: 120, openDaysBefore: 7 } }), allowed: ANY_ADMIN },
  { route: 'POST /api/admin/programme/generate', body: () => ({ from: '2040-01', months: 1 }), allowed: ANY_ADMIN },
  { route: 'POST /api/admin/departments', body: () => ({ name: `Phòng ${Math.random().toString(36).slice(2, 8)}` }), allowed: ANY_ADMIN },
  { route: 'PUT /api/admin/allowances', body: () => ({ urgent: 2, normal: 10, complex: 20 }), allowed: ANY_ADMIN },
  { route: 'PUT /api/admin/calendar', body: () => ({ date: '2031-06-06', kind: 'holiday', name: 'Ngày nghỉ thử' }), allowed: ANY_ADMIN },
  { route: 'DELETE /api/admin/calendar/:date', path: () => '/api/admin/calendar/2031-06-07', allowed: ANY_ADMIN },
  { route: 'PUT /api/admin/unit/contact', body: () => ({ contactAddress: 'Số 1 phố Thử', contactPhone: '024 0000 0000', contactEmail: '' }), allowed: ANY_ADMIN },
  { route: 'POST /api/staff/questions/:id/asker-name', path: (c) => `/api/staff/questions/${c.questionId}/asker-name`, allowed: STAFF },
  { route: 'GET /api/staff/privacy-requests', allowed: ['moderator', 'admin', 'otherUnitAdmin'] },
  { route: 'POST /api/staff/privacy-requests', body: () => ({ kind: 'access', channel: 'letter', requester: 'Người gửi thư, số 2 ngõ 3' }), allowed: ['moderator', 'admin', 'otherUnitAdmin'] },
  { route: 'POST /api/staff/privacy-requests/:id/done', path: () => '/api/staff/privacy-requests/999999/done', body: () => ({ outcome: 'Đã trả lời' }), allowed: ['moderator', 'admin', 'otherUnitAdmin'] },
  { route: 'GET /api/staff/followups', allowed: ['moderator', 'admin', 'otherUnitAdmin'] },
  { route: 'GET /api/staff/sessions/:id/needs-fate', path: (c) => `/api/staff/sessions/${c.sessionId}/needs-fate`, allowed: MODERATORS },
  { route: 'GET /api/staff/sessions/:id/media', path: (c) => `/api/staff/sessions/${c.sessionId}/media`, allowed: STAFF },
  { route: 'POST /api/staff/sessions/:id/questions', path: (c) => `/api/staff/sessions/${c.sessionId}/questions`, body: () => ({ text: 'Câu hỏi nhận qua đường dây nóng.', channel: 'hotline', clientKey: `matrix-${Math.random().toString(36).slice(2)}` }), allowed: MODERATORS },
  { route: 'POST /api/staff/sessions/:id/commitments', path: (c) => `/api/staff/sessions/${c.sessionId}/commitments`, body: () => ({ atMs: 1000, text: 'Cam kết thử quyền truy cập.', owner: 'Phòng thử', dueDay: '2099-01-01' }), allowed: MODERATORS },
  { route: 'POST /api/staff/commitments/:id/kept', path: () => '/api/staff/commitments/999999/kept', body: () => ({ note: 'Đã làm xong' }), allowed: [], note: 'authorized against the commitment\'s unit: 404 before any role check for an unknown one; tested in polls-commitments.test.ts' },
  { route: 'POST /api/staff/questions/:id/assign', path: (c) => `/api/staff/questions/${c.questionId}/assign`, body: () => ({ departmentId: 999_999, urgency: 'normal' }), allowed: MODERATORS },
  { route: 'POST /api/staff/questions/:id/close', path: (c) => `/api/staff/questions/${c.questionId}/close`, body: () => ({ reason: 'other' }), allowed: MODERATORS },
  { route: 'POST /api/staff/questions/:id/answer', path: (c) => `/api/staff/questions/${c.questionId}/answer`, body: () => ({ text: 'Câu trả lời thử quyền truy cập.' }), allowed: STAFF },
];

/** Every command × every role: who gets past authorization. Payloads are valid, so only the role decides. */
const SOCKET: Record<CommandName, { payload: (c: Ctx) => unknown; allowed: Role[] }> = {
  'session:join': { payload: (c) => ({ sessionId: c.sessionId }), allowed: EVERYONE },
  'session:leave': { payload: (c) => ({ sessionId: c.sessionId }), allowed: EVERYONE },
  'session:transition': { payload: (c) => ({ sessionId: c.sessionId, to: 'scheduled' }), allowed: ['chair', 'admin'] },
  'question:ask': { payload: (c) => ({ sessionId: c.sessionId, text: 'Câu hỏi thử quyền của mọi vai trò.', clientKey: `m-${Math.random().toString(36).slice(2)}` }), allowed: EVERYONE },
  'question:moderate': { payload: (c) => ({ questionId: c.questionId, action: 'edit', text: 'Một nội dung đã biên tập lại.' }), allowed: MODERATORS },
  'vote:set': { payload: (c) => ({ questionId: c.questionId, value: true }), allowed: EVERYONE },
  'media:token': { payload: (c) => ({ sessionId: c.sessionId }), allowed: EVERYONE },
  'hand:raise': { payload: (c) => ({ sessionId: c.sessionId }), allowed: EVERYONE },
  'hand:lower': { payload: (c) => ({ sessionId: c.sessionId }), allowed: EVERYONE },
  'stage:invite': { payload: (c) => ({ sessionId: c.sessionId, residentTag: 'abcdEF12' }), allowed: STAFF },
  'stage:dismiss': { payload: (c) => ({ sessionId: c.sessionId, residentTag: 'abcdEF12' }), allowed: STAFF },
  'track:mute': { payload: (c) => ({ sessionId: c.sessionId, identity: 'resident-abcdEF12', trackSid: 'TR_abc' }), allowed: STAFF },
  'participant:remove': { payload: (c) => ({ sessionId: c.sessionId, identity: 'resident-abcdEF12' }), allowed: STAFF },
  'caption:post': { payload: (c) => ({ sessionId: c.sessionId, text: 'Phụ đề thử quyền' }), allowed: STAFF },
  'transcript:stream': {
    payload: (c) => ({ sessionId: c.sessionId, streamId: 'TS_1', topic: 'lk.transcription', timestamp: 1, participantIdentity: 'agent-1', attributes: { 'lk.segment_id': 'SG_m' }, text: 'x' }),
    allowed: STAFF,
  },
  'poll:list': { payload: (c) => ({ sessionId: c.sessionId }), allowed: EVERYONE },
  'poll:create': { payload: (c) => ({ sessionId: c.sessionId, question: 'Bình chọn thử quyền?', options: ['Có', 'Không'] }), allowed: MODERATORS },
  'poll:open': { payload: () => ({ pollId: 999_999 }), allowed: [] },
  'poll:close': { payload: () => ({ pollId: 999_999 }), allowed: [] },
  'poll:vote': { payload: () => ({ pollId: 999_999, optionIds: [] }), allowed: EVERYONE },
};

describe('authorization matrix: every route and every command, every role', () => {
  let server: TestServer;
  const as = {} as Record<Role, Participant>;
  let ctx: Ctx;

  beforeAll(async () => {
    server = await startTestServer();
    as.admin = await staffMember(server.url, 'admin', server.adminPassword);
    as.moderator = await newStaffMember(as.admin, server.url, 'moderator');
    as.chair = await newStaffMember(as.admin, server.url, 'chair');
    as.resident = await resident(server.url);
    as.anonymous = await resident(server.url);
    as.anonymous.http.cookies.clear();
    as.otherUnitAdmin = await otherUnitAdmin(server);
    const sessionId = server.demoSessionId;
    const q = await ask(as.resident, sessionId, 'Câu hỏi dùng cho bảng phân quyền.');
    expectOk(await as.admin.send('question:moderate', { questionId: q.id, action: 'approve' }));
    const imported = await as.admin.http.json<{ written: number }>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, {
      format: 'vtt',
      content: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nMở đầu\n',
      mode: 'replace',
    });
    expect(imported.body.written).toBe(1);
    const [segment] = (await as.admin.http.json<Array<{ id: number }>>('GET', `/api/sessions/${sessionId}/transcript`)).body;
    ctx = { sessionId, questionId: q.id, segmentId: segment!.id, staffId: as.moderator.me.staff!.id, code: q.trackingCode };
  });

  afterAll(async () => {
    for (const p of Object.values(as)) p?.close();
    await server?.close();
  });

  it('has a row for every route the server answers', () => {
    const routes = listRoutes(server.platform.app.web).filter((r) => r.startsWith('GET /^') === false);
    expect(routes.filter((r) => !HTTP.some((row) => row.route === r))).toEqual([]);
  });

  it('has a row for every socket command', () => {
    expect(Object.keys(SOCKET).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  const httpCases = HTTP.filter((row) => !row.note).flatMap((row) => ROLES.map((role) => [row.route, role, row] as const));
  it.each(httpCases)('%s as %s', async (_route, role, row) => {
    const [method, template] = row.route.split(' ') as [string, string];
    const path = row.path ? row.path(ctx) : template;
    const response = await as[role].http.request(method, path, row.body?.(ctx) ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
    if (row.allowed.includes(role)) {
      expect([401, 403]).not.toContain(response.status);
    } else {
      expect(response.status).toBe(role === 'anonymous' || role === 'resident' ? 401 : 403);
    }
  });

  const socketCases = (Object.keys(SOCKET) as CommandName[]).flatMap((name) => ROLES.filter((r) => r !== 'anonymous').map((role) => [name, role] as const));
  it.each(socketCases)('%s as %s', async (name, role) => {
    const { payload, allowed } = SOCKET[name];
    const ack = await as[role].send(name, payload(ctx) as never);
    const refused = !ack.ok && (ack.error.code === 'unauthenticated' || ack.error.code === 'forbidden');
    if (allowed.includes(role)) expect(refused).toBe(false);
    else if (allowed.length > 0) expect(ack).toMatchObject({ ok: false, error: { code: role === 'resident' ? 'unauthenticated' : 'forbidden' } });
  });
});
