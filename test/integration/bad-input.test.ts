import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../shared/events.ts';
import { nextEvent, resident, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, queryFile, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

type Case = [label: string, payload: unknown, code: string, mentions?: string];

const LONG = 'ư'.repeat(1001);
const KEY = 'retry-key-0001';

/** Every command with payloads that must be refused by its shared schema before any domain code runs. */
const SCHEMA_CASES: Partial<Record<CommandName, Case[]>> = {
  'session:join': [
    ['no payload object', 'hello', 'bad_request'],
    ['missing sessionId', {}, 'bad_request', 'sessionId'],
    ['sessionId as a string', { sessionId: '1' }, 'bad_request', 'sessionId'],
    ['negative sessionId', { sessionId: -4 }, 'bad_request', 'sessionId'],
    ['unknown field', { sessionId: 1, admin: true }, 'bad_request', 'admin'],
  ],
  'session:leave': [['fractional sessionId', { sessionId: 1.5 }, 'bad_request', 'sessionId']],
  'session:transition': [
    ['unknown state', { sessionId: 1, to: 'paused' }, 'bad_request', 'to'],
    ['missing target', { sessionId: 1 }, 'bad_request', 'to'],
  ],
  'question:ask': [
    ['text too short', { sessionId: 1, text: 'ngắn', clientKey: KEY }, 'bad_request', 'text'],
    ['text only spaces', { sessionId: 1, text: ' '.repeat(40), clientKey: KEY }, 'bad_request', 'text'],
    ['text too long', { sessionId: 1, text: LONG, clientKey: KEY }, 'bad_request', 'text'],
    ['text as a number', { sessionId: 1, text: 12345678901, clientKey: KEY }, 'bad_request', 'text'],
    ['broken UTF-16', { sessionId: 1, text: 'Câu hỏi có ký tự hỏng \uD800 ở giữa', clientKey: KEY }, 'bad_request', 'text'],
    ['missing client key', { sessionId: 1, text: 'Một câu hỏi hợp lệ về vỉa hè.' }, 'bad_request', 'clientKey'],
    ['client key with spaces', { sessionId: 1, text: 'Một câu hỏi hợp lệ về vỉa hè.', clientKey: 'a b c d e f g h' }, 'bad_request', 'clientKey'],
    ['name too long', { sessionId: 1, text: 'Một câu hỏi hợp lệ về vỉa hè.', clientKey: KEY, name: 'x'.repeat(81) }, 'bad_request', 'name'],
    ['publishName as a string', { sessionId: 1, text: 'Một câu hỏi hợp lệ về vỉa hè.', clientKey: KEY, publishName: 'yes' }, 'bad_request', 'publishName'],
    ['prototype pollution key', JSON.parse('{"sessionId":1,"text":"Một câu hỏi hợp lệ về vỉa hè.","clientKey":"retry-key-0001","__proto__":{"x":1}}'), 'bad_request'],
  ],
  'question:moderate': [
    ['unknown action', { questionId: 1, action: 'delete' }, 'bad_request', 'action'],
    ['reject without reason', { questionId: 1, action: 'reject' }, 'bad_request', 'reason'],
    ['reject with unknown reason', { questionId: 1, action: 'reject', reason: 'boring' }, 'bad_request', 'reason'],
    ['edit to empty text', { questionId: 1, action: 'edit', text: '' }, 'bad_request', 'text'],
  ],
  'caption:post': [
    ['empty caption', { sessionId: 1, text: '   ' }, 'bad_request', 'text'],
    ['caption too long', { sessionId: 1, text: 'x'.repeat(501) }, 'bad_request', 'text'],
  ],
  'transcript:stream': [
    ['another topic', { sessionId: 1, streamId: 's', topic: 'lk.chat', timestamp: 1, participantIdentity: 'a', attributes: { 'lk.segment_id': 'x' }, text: 'hi' }, 'bad_request', 'topic'],
    ['no segment id', { sessionId: 1, streamId: 's', topic: 'lk.transcription', timestamp: 1, participantIdentity: 'a', attributes: {}, text: 'hi' }, 'bad_request', 'lk.segment_id'],
    ['final flag not a string boolean', { sessionId: 1, streamId: 's', topic: 'lk.transcription', timestamp: 1, participantIdentity: 'a', attributes: { 'lk.segment_id': 'x', 'lk.transcription_final': 'yes' }, text: 'hi' }, 'bad_request', 'lk.transcription_final'],
  ],
  'vote:set': [
    ['value as a number', { questionId: 1, value: 1 }, 'bad_request', 'value'],
    ['missing question', { value: true }, 'bad_request', 'questionId'],
    ['deeply nested', { questionId: { a: { b: { c: { d: 1 } } } }, value: true }, 'bad_request', 'questionId'],
  ],
};

describe('bad input over the socket', () => {
  let server: TestServer;
  let alice: Participant;
  let admin: Participant;
  let sessionId: number;

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin());
    alice = await resident(server.url);
  });
  afterAll(() => closeSuite(server, alice, admin));

  async function rowCounts() {
    const [row] = await queryFile<{ q: number; v: number; a: number }>(
      server.dbPath,
      'SELECT (SELECT COUNT(*) FROM questions) AS q, (SELECT COUNT(*) FROM votes) AS v, (SELECT COUNT(*) FROM audit_log) AS a',
    );
    return row;
  }

  // The fuzz test covers every command with generated payloads; these are the readable, hand-written cases.
  for (const [event, cases] of Object.entries(SCHEMA_CASES) as Array<[CommandName, Case[]]>) {
    describe(event, () => {
      it.each(cases)('refuses %s with %s… and writes nothing', async (_label, payload, code, mentions) => {
        const before = await rowCounts();
        const sender = ['question:moderate', 'session:transition', 'caption:post', 'transcript:stream'].includes(event) ? admin : alice;
        const ack = await sender.send(event, payload as never);
        expect(ack.ok).toBe(false);
        if (ack.ok) return;
        expect(ack.error.code).toBe(code);
        if (mentions) expect(ack.error.message).toContain(mentions);
        expect(await rowCounts()).toEqual(before);
      });
    });
  }

  it('refuses to join a session that does not exist, and leaves the resident in no room of it', async () => {
    const ack = await alice.send('session:join', { sessionId: 999_998 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await server.platform.app.io.in('s:999998').fetchSockets()).toHaveLength(0);
  });

  it('refuses a question for a session that does not exist', async () => {
    const ack = await alice.send('question:ask', { sessionId: 999_999, text: 'Câu hỏi cho một buổi không tồn tại.', clientKey: 'no-such-session-1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a vote on a pending question as if it did not exist', async () => {
    const asked = expectOk(await alice.send('question:ask', { sessionId, text: 'Câu hỏi còn chờ duyệt, chưa ai bỏ phiếu được.', clientKey: 'pending-vote-1' }));
    const ack = await alice.send('vote:set', { questionId: asked.id, value: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses an impossible transition with wrong_state', async () => {
    const ack = await admin.send('session:transition', { sessionId, to: 'scheduled' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
  });

  it('answers an unknown event with an error ack', async () => {
    const ack = await (alice.socket.timeout(2000).emitWithAck as (...a: unknown[]) => Promise<unknown>)('question:delete', { questionId: 1 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('answers a command sent without a payload with an error ack', async () => {
    const ack = await (alice.socket.timeout(2000).emitWithAck as (...a: unknown[]) => Promise<unknown>)('vote:set');
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('closes only the connection that sends an oversized frame, and keeps serving the others', async () => {
    const mallory = await resident(server.url);
    const closed = new Promise<string>((resolve) => mallory.socket.once('disconnect', (reason) => resolve(reason)));
    mallory.socket.emit('question:ask', { sessionId, text: 'x'.repeat(200_000), clientKey: 'oversized-0001' }, () => undefined);
    expect(await closed).toBeTruthy();
    mallory.close();
    expect(expectOk(await alice.send('session:join', { sessionId })).session.id).toBe(sessionId);
    const rows = await queryFile(server.dbPath, "SELECT id FROM questions WHERE client_key LIKE '%oversized-0001'");
    expect(rows).toEqual([]);
  });

  it('rate-limits a resident who asks too many questions, with a clear error and retry time', async () => {
    const eager = await resident(server.url);
    const acks = [];
    for (let i = 0; i < 7; i += 1) {
      acks.push(await eager.send('question:ask', { sessionId, text: `Câu hỏi số ${i + 1} của một người hỏi rất nhiều.`, clientKey: `eager-${i}-abcdef` }));
    }
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    const refused = acks.at(-1)!;
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(!refused.ok && refused.error.retryAfter).toBeGreaterThan(0);
    eager.close();
  });

  it('keeps rendering user text as plain data (markup is stored and sent verbatim, never interpreted)', async () => {
    const text = '<img src=x onerror=alert(1)> Vỉa hè có bị lấn chiếm?';
    const seen = nextEvent(admin.socket, 'question:changed', (e) => e.question.text === text);
    expectOk(await admin.send('session:join', { sessionId }));
    expectOk(await alice.send('question:ask', { sessionId, text, clientKey: 'markup-question-1' }));
    expect((await seen).question.text).toBe(text);
  });
});

describe('bad input over HTTP', () => {
  let server: TestServer;
  let admin: Participant;

  beforeAll(async () => {
    ({ server, admin } = await serverWithAdmin());
  });
  afterAll(() => closeSuite(server, admin));

  it('answers malformed JSON with 400 and a clear message', async () => {
    const res = await admin.http.request('POST', '/api/admin/sessions', '{"title": "x",');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'malformed JSON body' } });
  });

  it('answers an oversized body with 413', async () => {
    const res = await admin.http.request('POST', '/api/admin/sessions', { title: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('names the fields at fault in a session body and creates nothing', async () => {
    const res = await admin.http.json<{ error: { message: string } }>('POST', '/api/admin/sessions', {
      title: 'Tọa đàm tháng 1',
      theme: 'Y tế',
      startsAt: '2027-01-21T14:00:00+07:00',
      endsAt: '2027-01-21T13:00:00+07:00',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('endsAt');
    const rows = await queryFile(server.dbPath, "SELECT id FROM sessions WHERE title = 'Tọa đàm tháng 1'");
    expect(rows).toEqual([]);
  });

  it('refuses a write that is not JSON (a cross-site form could send that)', async () => {
    const res = await admin.http.request('POST', '/api/admin/sessions', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
  });

  it('refuses a write from another origin', async () => {
    const res = await admin.http.request('POST', '/api/admin/staff', { username: 'evil', displayName: 'E', role: 'admin', password: 'long-enough-pw' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const rows = await queryFile(server.dbPath, "SELECT id FROM staff_users WHERE username = 'evil'");
    expect(rows).toEqual([]);
  });

  it('answers a bad id in a path with 400 and an unknown one with 404', async () => {
    expect((await admin.http.request('GET', '/api/sessions/abc')).status).toBe(400);
    expect((await admin.http.request('GET', '/api/sessions/424242')).status).toBe(404);
    expect((await admin.http.request('GET', '/api/nothing-here')).status).toBe(404);
  });
});
