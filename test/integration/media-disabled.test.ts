import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionMedia } from '../../shared/schemas/media.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { resident, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

describe('without LIVEKIT_* the platform runs without live video', () => {
  let server: TestServer;
  let admin: Participant;
  let viewer: Participant;
  let sessionId: number;

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin());
    viewer = await resident(server.url);
  });
  afterAll(() => closeSuite(server, admin, viewer));

  it('says live video is off, to anybody and to staff', async () => {
    expect((await viewer.http.json('GET', '/api/media/status')).body).toEqual({ enabled: false });
    const staff = await admin.http.json<SessionMedia>('GET', `/api/staff/sessions/${sessionId}/media`);
    expect(staff.body).toMatchObject({ enabled: false, room: null, egress: [] });
    expect((await viewer.http.json('GET', `/api/staff/sessions/${sessionId}/media`)).status).toBe(401);
  });

  it('still takes a session live, and answers token and stage requests with a clear unavailable', async () => {
    expect(expectOk(await admin.send('session:transition', { sessionId, to: 'live' })).state).toBe('live');
    for (const command of ['media:token', 'hand:raise'] as const) {
      const ack = await viewer.send(command, { sessionId });
      expect(ack).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('live video is not configured') } });
    }
    const ingress = await admin.http.json('POST', `/api/admin/sessions/${sessionId}/ingress`, { type: 'rtmp' });
    expect(ingress).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
  });

  it('refuses webhooks, since there is no LiveKit to send them', async () => {
    const res = await fetch(`${server.url}/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json' }, body: '{}' });
    expect(res.status).toBe(503);
  });

  it('lets an administrator set an https YouTube or Facebook link as the external stream', async () => {
    for (const url of ['http://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://vimeo.com/123', 'https://www.youtube.com/watch?v=short', 'javascript:alert(1)']) {
      const res = await admin.http.json('PATCH', `/api/admin/sessions/${sessionId}`, { externalStreamUrl: url });
      expect(res.status, url).toBe(400);
    }
    const set = await admin.http.json<Session>('PATCH', `/api/admin/sessions/${sessionId}`, { externalStreamUrl: 'https://www.youtube.com/live/dQw4w9WgXcQ' });
    expect(set.status).toBe(200);
    expect((await viewer.http.json<Session>('GET', `/api/sessions/${sessionId}`)).body.externalStreamUrl).toBe('https://www.youtube.com/live/dQw4w9WgXcQ');
    expect((await viewer.http.json('PATCH', `/api/admin/sessions/${sessionId}`, { externalStreamUrl: null })).status).toBe(401);
    const cleared = await admin.http.json<Session>('PATCH', `/api/admin/sessions/${sessionId}`, { externalStreamUrl: null });
    expect(cleared.body.externalStreamUrl).toBeNull();
  });
});
