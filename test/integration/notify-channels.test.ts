import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactInput } from '../../shared/schemas/notify.ts';
import type { Actor } from '../../server/auth/actor.ts';
import type { Database } from '../../server/core/db/database.ts';
import { createActorLimiter } from '../../server/limits/actor-limiter.ts';
import { render } from '../../server/notify/messages.ts';
import { createNotifier } from '../../server/notify/notifier.ts';
import { createNotifyService } from '../../server/notify/notify.service.ts';
import { NOTIFICATION_KINDS } from '../../server/core/outbox.repository.ts';
import { SMS_MAX, createSmsChannel, smsText } from '../../server/notify/sms.ts';
import { ZNS_PARAM_MAX, createZnsChannel } from '../../server/notify/zns.ts';
import { createQuestionsService, type QuestionsService } from '../../server/questions/questions.service.ts';
import { liveSessionDatabase } from '../support/service-db.ts';

const moderator: Actor = { residentId: 'staff', ip: '127.0.0.1', staff: { id: 1, unitId: 1, username: 'mod', displayName: 'Mod', role: 'moderator', active: true } };

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Reply = { status: number; body: unknown };

/** A provider's API on loopback: records each request and answers from a script, the documented bodies. */
async function fakeApi(answer: (req: Seen) => Reply) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method!, path: req.url!, headers: req.headers, body };
      seen.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const ZNS_OK = { error: 0, message: 'Success', data: { msg_id: 'a1b2c3', sent_time: '1765940400000', quota: { dailyQuota: '500', remainingQuota: '499' } } };

describe('ZNS and SMS by contract, against fake provider APIs on loopback', () => {
  let dir: string;
  let db: Database;
  let now: Date;
  let questions: QuestionsService;
  let sessionId: number;
  let api: Awaited<ReturnType<typeof fakeApi>>;

  beforeEach(async () => {
    now = new Date('2026-12-17T03:00:00.000Z');
    ({ dir, db, sessionId } = await liveSessionDatabase('toadam-channels-', now));
    questions = createQuestionsService({ db, clock: () => now, askLimit: createActorLimiter({ what: 'questions', perResident: 100, perIp: 1000, windowMs: 60_000, clock: () => now }) });
  });
  afterEach(async () => {
    await api?.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A hotline question whose asker gave staff a phone number for news by `channel`; then it is set aside. */
  async function phonedInQuestion(channel: 'zalo' | 'sms'): Promise<number> {
    const q = (await questions.enter(moderator, sessionId, { text: 'Hỏi qua đường dây nóng về rác thải.', channel: 'hotline', clientKey: `k-${Math.random().toString(36).slice(2)}`, publishName: false })).result;
    await createNotifyService({ db, clock: () => now, wake: () => undefined }).leaveContact(moderator, q.id, ContactInput.parse({ channel, address: '0912345678', consent: true }));
    await questions.moderate(moderator, { questionId: q.id, action: 'reject', reason: 'off_topic' });
    return q.id;
  }
  const state = async (id: number) =>
    db.get<{ state: string; attempts: number; last_error: string | null; channel: string | null }>('SELECT state, attempts, last_error, channel FROM notifications WHERE question_id = ?', [id]);

  function znsNotifier() {
    const channel = createZnsChannel(
      { apiUrl: api.url, oauthUrl: api.url, appId: '4321', secretKey: 'app-secret', refreshToken: 'RT-1', templates: { rejected: '301234' } },
      { db, clock: () => now },
    );
    return createNotifier({ db, clock: () => now, logger: pino({ level: 'silent' }), channels: [channel], publicUrl: () => 'https://toadam.example', maxAttempts: 3, retryBaseMs: 10 });
  }
  /** Runs the worker until nothing is due, moving the clock past each backoff. */
  async function drain(notifier: ReturnType<typeof createNotifier>) {
    for (let i = 0; i < 10; i += 1) {
      await notifier.tick();
      now = new Date(now.getTime() + 60_000);
    }
  }

  it('ZNS: refreshes the token as documented, then sends the approved template with its parameters', async () => {
    api = await fakeApi((req) =>
      req.path === '/v4/oa/access_token' ? { status: 200, body: { access_token: 'AT-1', refresh_token: 'RT-2', expires_in: '90000' } } : { status: 200, body: ZNS_OK },
    );
    const id = await phonedInQuestion('zalo');
    await drain(znsNotifier());
    const [token, send] = api.seen;
    expect(token).toMatchObject({ method: 'POST', path: '/v4/oa/access_token', headers: expect.objectContaining({ secret_key: 'app-secret', 'content-type': 'application/x-www-form-urlencoded' }) });
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({ refresh_token: 'RT-1', app_id: '4321', grant_type: 'refresh_token' });
    expect(send).toMatchObject({ method: 'POST', path: '/message/template', headers: expect.objectContaining({ access_token: 'AT-1', 'content-type': 'application/json' }) });
    const body = JSON.parse(send!.body);
    expect(body).toEqual({
      phone: '84912345678',
      template_id: '301234',
      template_data: { ma_cau_hoi: expect.stringMatching(/^TD-\d{4}-\d{2}-\d{4}$/), noi_dung: 'Câu hỏi của bạn chưa được đăng. Lý do: không đúng chủ đề.' },
      tracking_id: expect.stringMatching(/^rejected:/),
    });
    expect(await state(id)).toEqual({ state: 'sent', attempts: 1, last_error: null, channel: 'zalo' });
    // The new refresh token is kept: Zalo's refresh tokens work once.
    expect(await db.get('SELECT access_token, refresh_token FROM channel_tokens')).toEqual({ access_token: 'AT-1', refresh_token: 'RT-2' });
  });

  it('ZNS: an access token refused (-124) is refreshed with the stored refresh token and the send repeated', async () => {
    let sends = 0;
    let refreshes = 0;
    api = await fakeApi((req) => {
      if (req.path === '/v4/oa/access_token') {
        refreshes += 1;
        return { status: 200, body: { access_token: `AT-${refreshes}`, refresh_token: `RT-${refreshes + 1}`, expires_in: '90000' } };
      }
      sends += 1;
      return sends === 1 ? { status: 200, body: { error: -124, message: 'Access token invalid' } } : { status: 200, body: ZNS_OK };
    });
    const id = await phonedInQuestion('zalo');
    await drain(znsNotifier());
    expect(api.seen.map((r) => `${r.path} ${r.headers.access_token ?? new URLSearchParams(r.body).get('refresh_token')}`)).toEqual([
      '/v4/oa/access_token RT-1',
      '/message/template AT-1',
      '/v4/oa/access_token RT-2',
      '/message/template AT-2',
    ]);
    expect(await state(id)).toMatchObject({ state: 'sent' });
  });

  it('ZNS: an invalid phone number (-108) is dead-lettered at once; a failing API is retried, then dead-lettered', async () => {
    api = await fakeApi((req) =>
      req.path === '/v4/oa/access_token' ? { status: 200, body: { access_token: 'AT-1', refresh_token: 'RT-2', expires_in: '90000' } } : { status: 200, body: { error: -108, message: 'Phone number is invalid' } },
    );
    const id = await phonedInQuestion('zalo');
    await drain(znsNotifier());
    expect(await state(id)).toEqual({ state: 'dead', attempts: 1, last_error: 'ZNS -108: Phone number is invalid', channel: null });
    await api.close();

    api = await fakeApi((req) =>
      req.path === '/v4/oa/access_token' ? { status: 200, body: { access_token: 'AT-9', refresh_token: 'RT-9', expires_in: '90000' } } : { status: 500, body: { error: -1, message: 'internal' } },
    );
    await db.write((tx) => tx.run('DELETE FROM channel_tokens'));
    const other = await phonedInQuestion('zalo');
    await drain(znsNotifier());
    expect(await state(other)).toEqual({ state: 'dead', attempts: 3, last_error: 'ZNS: HTTP 500', channel: null });
    expect(api.seen.filter((r) => r.path === '/message/template')).toHaveLength(3);
  });

  function smsNotifier() {
    const channel = createSmsChannel({ url: `${api.url}/v1/sms`, key: 'gateway-key', sender: 'PHUONG' });
    return createNotifier({ db, clock: () => now, logger: pino({ level: 'silent' }), channels: [channel], publicUrl: () => 'https://toadam.example', maxAttempts: 3, retryBaseMs: 10 });
  }

  it('SMS: posts the message to the gateway with its key, without diacritics, in one segment', async () => {
    api = await fakeApi(() => ({ status: 200, body: { id: 'sms-1', status: 'accepted' } }));
    const id = await phonedInQuestion('sms');
    await drain(smsNotifier());
    expect(api.seen).toHaveLength(1);
    const [req] = api.seen;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/sms', headers: expect.objectContaining({ authorization: 'Bearer gateway-key', 'content-type': 'application/json', 'idempotency-key': expect.stringMatching(/^rejected:/) }) });
    const body = JSON.parse(req!.body);
    expect(body).toEqual({ to: '84912345678', text: expect.stringMatching(/^Cau hoi cua ban chua duoc dang\. Ly do: khong dung chu de\. https:\/\/toadam\.example\//), sender: 'PHUONG', reference: expect.stringMatching(/^rejected:/) });
    expect(body.text.length).toBeLessThanOrEqual(SMS_MAX);
    expect(await state(id)).toMatchObject({ state: 'sent', channel: 'sms' });
  });

  it('SMS: 503 is retried then dead-lettered; 400 is dead-lettered at once', async () => {
    api = await fakeApi(() => ({ status: 503, body: { error: 'busy' } }));
    const busy = await phonedInQuestion('sms');
    await drain(smsNotifier());
    expect(await state(busy)).toEqual({ state: 'dead', attempts: 3, last_error: 'SMS: HTTP 503 {"error":"busy"}', channel: null });
    await api.close();
    api = await fakeApi(() => ({ status: 400, body: { error: 'invalid number' } }));
    const refused = await phonedInQuestion('sms');
    await drain(smsNotifier());
    expect(await state(refused)).toMatchObject({ state: 'dead', attempts: 1 });
  });

  it('keeps every kind of news within the SMS segment and the ZNS parameter limits', () => {
    const params = { code: 'TD-2026-12-0123', department: 'Phòng Kinh tế, Hạ tầng và Đô thị phường Demo', dueDay: '2026-12-24', reason: 'personal_data', note: 'Câu hỏi có số điện thoại của người khác', answer: 'x'.repeat(3000), sessionId: 12 };
    const link = 'https://toadam.phuong-demo.gov.vn/q/TD-2026-12-0123';
    for (const lang of ['vi', 'en'] as const) {
      for (const kind of NOTIFICATION_KINDS) {
        const { line } = render(kind, { ...params, code: kind === 'verify' ? '123456' : params.code }, lang, { page: link, stop: link });
        const sms = smsText(line, link);
        expect(sms.length, `${lang} ${kind}`).toBeLessThanOrEqual(SMS_MAX);
        expect(sms, `${lang} ${kind}`).toMatch(/^[\x20-\x7e…]+$/);
        expect(sms.endsWith(link)).toBe(true);
        // An approved ZNS template's text parameter takes 200 characters: no kind of news is cut for a usual name.
        expect(line.length, `${lang} ${kind}`).toBeLessThanOrEqual(ZNS_PARAM_MAX.noi_dung);
      }
    }
    expect(params.code.length).toBeLessThanOrEqual(ZNS_PARAM_MAX.ma_cau_hoi);
  });
});
