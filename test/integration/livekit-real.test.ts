/**
 * Live video against LiveKit's own server (the pinned open-source release, single node, on loopback): rooms the
 * platform opens and closes, webhooks the real server signs, and what the real server makes of the platform's
 * tokens. Joining here is signalling only (Node has no WebRTC): the join answer carries the permission LiveKit
 * derived from the token. Media itself is tested in test/e2e/livekit-real.test.ts.
 */
import { SignalRequest, SignalResponse } from '@livekit/protocol';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { MediaToken, SessionMedia } from '../../shared/schemas/media.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, newStaffMember, queryFile, until } from '../support/factory.ts';
import { REAL_API_KEY, describeWithLiveKit, printLiveKitLogOnFailure, reserveLiveKit, type LiveKitServer } from '../support/livekit-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface SignalJoin {
  /** LiveKit's join answer, or its HTTP refusal of the WebSocket upgrade. */
  join?: NonNullable<Extract<SignalResponse['message'], { case: 'join' }>['value']>;
  refused?: { status: number; body: string };
  socket?: WebSocket;
}

/** Joins a room over LiveKit's signalling WebSocket with a token, as livekit-client's first step does. */
function signalJoin(lk: LiveKitServer, token: string): Promise<SignalJoin> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${lk.wsUrl}/rtc?access_token=${token}&auto_subscribe=1&sdk=js&protocol=16`);
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ refused: { status: res.statusCode ?? 0, body: body.trim() } }));
    });
    socket.on('message', (data: Buffer) => {
      const message = SignalResponse.fromBinary(new Uint8Array(data)).message;
      if (message.case === 'join') resolve({ join: message.value, socket });
    });
    socket.on('error', reject);
  });
}

/** Leaves as a client does (a leave request, then the socket closes). */
function leave(socket: WebSocket | undefined): void {
  if (!socket) return;
  socket.send(new SignalRequest({ message: { case: 'leave', value: {} } }).toBinary());
  socket.close();
}

describeWithLiveKit('live video against a real LiveKit server', () => {
  let lk: LiveKitServer;
  let server: TestServer;
  let sessionId: number;
  let room: string;
  let admin: Participant;
  let chair: Participant;
  let moderator: Participant;
  let alice: Participant;
  const sockets: WebSocket[] = [];

  printLiveKitLogOnFailure(() => lk);

  const media = async () => (await admin.http.json<SessionMedia>('GET', `/api/staff/sessions/${sessionId}/media`)).body;
  const webhooks = (event: string) => queryFile<{ event: string }>(server.dbPath, 'SELECT event FROM media_webhook_events WHERE event = ?', [event]);
  const token = async (who: Participant) => expectOk(await who.send('media:token', { sessionId })) as MediaToken;
  async function joined(who: Participant): Promise<NonNullable<SignalJoin['join']>> {
    const result = await signalJoin(lk, (await token(who)).token);
    if (result.socket) sockets.push(result.socket);
    if (!result.join) throw new Error(`LiveKit refused the platform's token: ${JSON.stringify(result.refused)}`);
    return result.join;
  }

  beforeAll(async () => {
    lk = await reserveLiveKit();
    server = await startTestServer({ env: lk.env });
    await lk.start(`${server.url}/livekit/webhook`);
    sessionId = server.demoSessionId;
    room = `toadam-session-${sessionId}`;
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    chair = await newStaffMember(admin, server.url, 'chair');
    moderator = await newStaffMember(admin, server.url, 'moderator');
    alice = await resident(server.url);
    expectOk(await admin.send('session:transition', { sessionId, to: 'live' }));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await closeSuite(server, admin, chair, moderator, alice);
    await lk?.close();
  });

  it('opens the session’s room on the real server when the session goes live, with its metadata', async () => {
    const rooms = await until(() => lk.rooms.listRooms(), (list) => list.some((r) => r.name === room), 'room on LiveKit');
    const opened = rooms.find((r) => r.name === room)!;
    expect(JSON.parse(opened.metadata)).toEqual({ sessionId, theme: expect.any(String) });
    expect(opened.emptyTimeout).toBe(600);
    await until(media, (m) => m.room?.status === 'open', 'room status open');
  });

  it('receives room_started from the real server, signed with the API key, once', async () => {
    await until(() => webhooks('room_started'), (rows) => rows.length === 1, 'room_started webhook');
  });

  it('notes the recording as failed when no Egress service answers (the request times out), and stays live', async () => {
    const status = await until(media, (m) => Boolean(m.room?.error), 'recording error noted');
    // Single-node LiveKit without Redis has no Egress service: it neither refuses nor answers, the SDK's 10 s timeout ends it.
    expect(status.room?.error).toMatch(/^could not start the recording: /);
    console.info(`The real LiveKit answered the recording request with: ${status.room?.error}`);
  });

  it('lets each platform token in with exactly the permission its role grants', async () => {
    const official = await joined(chair);
    expect(official.participant?.identity).toMatch(/^staff-\d+$/);
    expect(official.participant?.permission).toMatchObject({
      canSubscribe: true,
      canPublish: true,
      canPublishData: false,
      canUpdateMetadata: false,
      hidden: false,
      canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
    });
    expect(official.participant?.attributes).toEqual({ role: 'official' });

    for (const [who, role] of [[moderator, 'moderator'], [alice, 'resident']] as const) {
      const watcher = await joined(who);
      expect(watcher.participant?.permission).toMatchObject({ canSubscribe: true, canPublish: false, canPublishData: false, canUpdateMetadata: false, hidden: false, canPublishSources: [] });
      expect(watcher.participant?.attributes).toEqual({ role });
    }
    // The room the token names, and no other: LiveKit created nothing else.
    expect((await lk.rooms.listRooms()).map((r) => r.name)).toEqual([room]);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = new AccessToken(REAL_API_KEY, 'not-the-secret-of-this-livekit-0123456789', { identity: 'resident-forged' });
    forged.addGrant({ room, roomJoin: true, canPublish: true });
    expect((await signalJoin(lk, await forged.toJwt())).refused?.status).toBe(401);
  });

  it('gives a resident on stage camera and microphone on the real server, and takes them back when dismissed', async () => {
    const bob = await resident(server.url);
    try {
      const before = await joined(bob);
      const tag = before.participant!.identity.slice('resident-'.length);
      const permissionOf = async () => (await lk.rooms.getParticipant(room, `resident-${tag}`)).permission;
      expectOk(await bob.send('hand:raise', { sessionId }));
      const invited = expectOk(await moderator.send('stage:invite', { sessionId, residentTag: tag }));
      expect(invited.livekit).toBe('applied');
      expect(await permissionOf()).toMatchObject({ canPublish: true, canPublishData: false, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] });
      const dismissed = expectOk(await moderator.send('stage:dismiss', { sessionId, residentTag: tag }));
      expect(dismissed.livekit).toBe('applied');
      expect(await permissionOf()).toMatchObject({ canPublish: false, canPublishSources: [] });
    } finally {
      bob.close();
    }
  });

  it('removes a participant on the real server; the open-source server still accepts the token they kept', async () => {
    const carol = await resident(server.url);
    try {
      const kept = (await token(carol)).token;
      const first = await signalJoin(lk, kept);
      if (first.socket) sockets.push(first.socket);
      const identity = first.join!.participant!.identity;
      const left = new Promise<number>((resolve) => first.socket!.once('close', (code) => resolve(code)));
      const removed = expectOk(await moderator.send('participant:remove', { sessionId, identity }));
      expect(removed.livekit).toBe('applied');
      await left;
      await until(async () => (await lk.rooms.listParticipants(room)).map((p) => p.identity), (ids) => !ids.includes(identity), 'removed participant gone');
      expect(await carol.send('media:token', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      // LiveKit v1.13.5 does not read RemoveParticipant's revokeTokenTs: a token issued before the removal still
      // joins until it expires (TOKEN_TTL_SECONDS); the platform's own refusal of new tokens is what keeps them out.
      const again = await signalJoin(lk, kept);
      if (again.socket) sockets.push(again.socket);
      expect(again.join?.participant?.identity).toBe(identity);
    } finally {
      carol.close();
    }
  });

  it('closes the room on the real server when the session ends, and receives room_finished', async () => {
    for (const socket of sockets.splice(0)) leave(socket);
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
    await until(() => lk.rooms.listRooms(), (list) => list.length === 0, 'no room left on LiveKit');
    await until(() => webhooks('room_finished'), (rows) => rows.length === 1, 'room_finished webhook');
    const status = await until(media, (m) => m.room?.status === 'closed', 'room status closed');
    expect(status.room).toMatchObject({ audienceNow: 0 });
  });
});
