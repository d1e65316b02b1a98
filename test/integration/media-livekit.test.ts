/**
 * Live video by contract: no LiveKit server can run here, so the platform's real livekit-server-sdk clients talk to
 * a fake LiveKit API (test/support/fake-livekit.ts) that verifies each bearer token and its grant and records the
 * Twirp body, which is compared with what LiveKit's own protocol types produce.
 */
import {
  EgressInfo,
  EgressStatus,
  EncodedFileOutput,
  EncodedFileType,
  ParticipantInfo,
  ParticipantPermission,
  Room,
  RoomCompositeEgressRequest,
  StreamOutput,
  StreamProtocol,
  TokenVerifier,
  TrackInfo,
  TrackSource,
} from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionMedia, StreamTarget } from '../../shared/schemas/media.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { HttpAgent, nextEvent, resident, type Participant } from '../support/clients.ts';
import { closeSuite, expectOk, newStaffMember, queryFile, serverWithAdmin } from '../support/factory.ts';
import { FAKE_API_KEY, FAKE_API_SECRET, WebhookEvent, signWebhook, startFakeLiveKit, type FakeLiveKit } from '../support/fake-livekit.ts';
import type { TestServer } from '../support/server.ts';

const ROOM_FIELDS_OFF = {
  roomCreate: false,
  roomList: false,
  roomRecord: false,
  roomAdmin: false,
  ingressAdmin: false,
  recorder: false,
  agent: false,
  canSubscribeMetrics: false,
  canManageAgentSession: false,
};

function permission(canPublish: boolean, sources: TrackSource[]): ParticipantPermission {
  return new ParticipantPermission({
    canSubscribe: true,
    canPublish,
    canPublishData: false,
    canPublishSources: sources,
    hidden: false,
    recorder: false,
    canUpdateMetadata: false,
    agent: false,
    canSubscribeMetrics: false,
    canManageAgentSession: false,
  });
}

function event(name: string, fields: ConstructorParameters<typeof WebhookEvent>[0]): WebhookEvent {
  const ev = new WebhookEvent(fields);
  ev.event = name as WebhookEvent['event'];
  return ev;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('live video through LiveKit (contract with a fake LiveKit API)', () => {
  let lk: FakeLiveKit;
  let server: TestServer;
  let sessionId: number;
  let room: string;
  let admin: Participant;
  let moderator: Participant;
  let chair: Participant;
  let alice: Participant;
  let bob: Participant;
  const verifier = new TokenVerifier(FAKE_API_KEY, FAKE_API_SECRET);

  const media = async (as: Participant = admin) => (await as.http.json<SessionMedia>('GET', `/api/staff/sessions/${sessionId}/media`)).body;
  // Through the agent, so each answer is checked against the webhook route's schema.
  const post = (body: string, authorization?: string) =>
    new HttpAgent(server.url).request('POST', '/livekit/webhook', body, { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) });
  const deliver = async (ev: WebhookEvent) => {
    const { body, authorization } = await signWebhook(ev);
    return post(body, authorization);
  };

  beforeAll(async () => {
    lk = await startFakeLiveKit();
    ({ server, admin, sessionId } = await serverWithAdmin({ env: lk.env }));
    room = `toadam-session-${sessionId}`;
    moderator = await newStaffMember(admin, server.url, 'moderator');
    chair = await newStaffMember(admin, server.url, 'chair');
    alice = await resident(server.url);
    bob = await resident(server.url);
    for (const p of [admin, moderator, chair, alice, bob]) expectOk(await p.send('session:join', { sessionId }));
  });

  afterAll(async () => {
    await closeSuite(server, admin, moderator, chair, alice, bob);
    await lk?.close();
  });

  it('says live video is on', async () => {
    expect((await alice.http.json('GET', '/api/media/status')).body).toEqual({ enabled: true });
  });

  it('refuses residents a token before the session is live', async () => {
    expect(await alice.send('media:token', { sessionId })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
  });

  it('keeps restream keys on the server: only administrators set them, and every response masks them', async () => {
    const targets = { targets: [{ platform: 'youtube', rtmpUrl: 'rtmp://a.rtmp.youtube.com/live2', streamKey: 'yt-secret-key-1234' }] };
    expect((await moderator.http.json('PUT', `/api/admin/sessions/${sessionId}/stream-targets`, targets)).status).toBe(403);
    const bad = await admin.http.json('PUT', `/api/admin/sessions/${sessionId}/stream-targets`, {
      targets: [{ platform: 'youtube', rtmpUrl: 'https://a.rtmp.youtube.com/live2', streamKey: 'k e y' }],
    });
    expect(bad.status).toBe(400);
    const put = await admin.http.request('PUT', `/api/admin/sessions/${sessionId}/stream-targets`, targets);
    const text = await put.text();
    expect(put.status).toBe(200);
    expect(text).not.toContain('yt-secret-key-1234');
    expect(JSON.parse(text) as StreamTarget[]).toEqual([
      { id: expect.any(Number), platform: 'youtube', rtmpUrl: 'rtmp://a.rtmp.youtube.com/live2', streamKeyHint: '••••1234' },
    ]);
    const audit = await queryFile<{ detail_json: string }>(server.dbPath, "SELECT detail_json FROM audit_log WHERE action = 'media.stream_targets'");
    expect(audit.map((row) => row.detail_json).join()).not.toContain('yt-secret-key-1234');
  });

  it('lets an administrator change one destination and keep the saved key, without typing it again', async () => {
    const path = `/api/admin/sessions/${sessionId}/stream-targets`;
    const [saved] = (await admin.http.json<StreamTarget[]>('GET', path)).body;
    const keys = () => queryFile<{ rtmp_url: string; stream_key: string }>(server.dbPath, 'SELECT rtmp_url, stream_key FROM media_stream_targets ORDER BY id');
    const moved = await admin.http.json<StreamTarget[]>('PUT', path, {
      targets: [
        { platform: 'youtube', rtmpUrl: 'rtmp://b.rtmp.youtube.com/live2', keepKeyOf: saved!.id },
        { platform: 'facebook', rtmpUrl: 'rtmps://live-api-s.facebook.com:443/rtmp', streamKey: 'fb-secret-5678' },
      ],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.map((t) => t.streamKeyHint)).toEqual(['••••1234', '••••5678']);
    expect(await keys()).toEqual([
      { rtmp_url: 'rtmp://b.rtmp.youtube.com/live2', stream_key: 'yt-secret-key-1234' },
      { rtmp_url: 'rtmps://live-api-s.facebook.com:443/rtmp', stream_key: 'fb-secret-5678' },
    ]);
    // Neither a key nor one to keep, both, or a destination that is not this session's: refused, nothing changed.
    for (const target of [
      { platform: 'youtube', rtmpUrl: 'rtmp://b.rtmp.youtube.com/live2' },
      { platform: 'youtube', rtmpUrl: 'rtmp://b.rtmp.youtube.com/live2', streamKey: 'new-key-0000', keepKeyOf: moved.body[0]!.id },
      { platform: 'youtube', rtmpUrl: 'rtmp://b.rtmp.youtube.com/live2', keepKeyOf: 999_999 },
    ]) {
      expect((await admin.http.json('PUT', path, { targets: [target] })).status).toBe(400);
    }
    expect(await keys()).toHaveLength(2);
    // Back to the one destination the next test expects.
    const restored = await admin.http.json('PUT', path, {
      targets: [{ platform: 'youtube', rtmpUrl: 'rtmp://a.rtmp.youtube.com/live2', keepKeyOf: moved.body[0]!.id }],
    });
    expect(restored.status).toBe(200);
  });

  it('creates the room, starts the MP4 recording and the restream when the session goes live', async () => {
    expectOk(await chair.send('session:transition', { sessionId, to: 'live' }));

    const [create] = await lk.waitForCalls('RoomService/CreateRoom', 1);
    expect(create!.path).toBe('/twirp/livekit.RoomService/CreateRoom');
    expect(create!.refused).toBeNull();
    expect(create!.grant.roomCreate).toBe(true);
    const session = (await admin.http.json<Session>('GET', `/api/sessions/${sessionId}`)).body;
    expect(create!.body).toEqual({ name: room, emptyTimeout: 600, metadata: JSON.stringify({ sessionId, theme: session.theme }) });

    const [recording, restream] = await lk.waitForCalls('Egress/StartRoomCompositeEgress', 2);
    for (const call of [recording!, restream!]) {
      expect(call.refused).toBeNull();
      expect(call.grant.roomRecord).toBe(true);
    }
    expect(RoomCompositeEgressRequest.fromJson(recording!.body as never).toJson()).toEqual(
      new RoomCompositeEgressRequest({
        roomName: room,
        layout: 'speaker',
        fileOutputs: [new EncodedFileOutput({ fileType: EncodedFileType.MP4, filepath: `toa-dam/session-${sessionId}/{time}.mp4` })],
      }).toJson(),
    );
    expect(RoomCompositeEgressRequest.fromJson(restream!.body as never).toJson()).toEqual(
      new RoomCompositeEgressRequest({
        roomName: room,
        layout: 'speaker',
        streamOutputs: [new StreamOutput({ protocol: StreamProtocol.RTMP, urls: ['rtmp://a.rtmp.youtube.com/live2/yt-secret-key-1234'] })],
      }).toJson(),
    );

    const status = await until(media, (m) => m.egress.length === 2);
    expect(status.room).toMatchObject({ name: room, status: 'open', error: null });
    expect(status.egress.map((e) => [e.kind, e.status])).toEqual([
      ['recording', 'EGRESS_STARTING'],
      ['restream', 'EGRESS_STARTING'],
    ]);
    expect(JSON.stringify(status)).not.toContain('yt-secret-key-1234');
  });

  it('mints each role a short-lived token with every grant set explicitly', async () => {
    const expected = {
      resident: { canPublish: false, canPublishSources: [] },
      moderator: { canPublish: false, canPublishSources: [] },
      official: { canPublish: true, canPublishSources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'] },
    };
    for (const [who, role] of [
      [alice, 'resident'],
      [moderator, 'moderator'],
      [chair, 'official'],
      [admin, 'official'],
    ] as const) {
      const minted = expectOk(await who.send('media:token', { sessionId }));
      expect(minted).toMatchObject({ url: lk.url.replace('http', 'ws'), role, canPublish: expected[role].canPublish });
      const claims = await verifier.verify(minted.token);
      expect(claims.sub).toBe(minted.identity);
      expect(claims.exp! - claims.nbf!).toBe(600);
      expect(claims.attributes).toEqual({ role });
      expect(claims.video).toEqual({
        ...ROOM_FIELDS_OFF,
        room,
        roomJoin: true,
        canSubscribe: true,
        canPublish: expected[role].canPublish,
        canPublishSources: expected[role].canPublishSources,
        canPublishData: false,
        canUpdateOwnMetadata: false,
        hidden: false,
      });
    }
    expect(expectOk(await alice.send('media:token', { sessionId })).identity).toBe(`resident-${alice.me.residentTag}`);
  });

  it('puts a resident on stage only when they raised a hand and a moderator invited them, and revokes on lowering', async () => {
    const tag = alice.me.residentTag;
    expect(await moderator.send('stage:invite', { sessionId, residentTag: tag })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });

    const seen = nextEvent(moderator.socket, 'media:changed', (m) => m.hands.some((h) => h.residentTag === tag));
    expect(expectOk(await alice.send('hand:raise', { sessionId }))).toEqual({ sessionId, handRaised: true, invited: false, onStage: false });
    expect((await seen).hands).toEqual([{ residentTag: tag, identity: `resident-${tag}`, raisedAt: expect.any(String), invited: false }]);
    expect(lk.callsTo('RoomService/UpdateParticipant')).toHaveLength(0);

    expect(await bob.send('stage:invite', { sessionId, residentTag: tag })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const mine = nextEvent(alice.socket, 'stage:mine', (s) => s.onStage);
    const invited = expectOk(await moderator.send('stage:invite', { sessionId, residentTag: tag }));
    expect(invited).toMatchObject({ livekit: 'applied', hands: [{ residentTag: tag, invited: true }] });
    expect(await mine).toEqual({ sessionId, handRaised: true, invited: true, onStage: true });
    // A page reloaded now reads the same state back.
    expect((await alice.http.json('GET', `/api/sessions/${sessionId}/stage/me`)).body).toEqual({ sessionId, handRaised: true, invited: true, onStage: true });

    const [grant] = lk.callsTo('RoomService/UpdateParticipant');
    expect(grant!.grant).toMatchObject({ roomAdmin: true, room });
    expect(grant!.body).toMatchObject({ room, identity: `resident-${tag}` });
    expect(grant!.body).toHaveProperty('permission');
    expect(ParticipantPermission.fromJson(grant!.body.permission as never).equals(permission(true, [TrackSource.CAMERA, TrackSource.MICROPHONE]))).toBe(true);

    const publisherToken = await verifier.verify(expectOk(await alice.send('media:token', { sessionId })).token);
    expect(publisherToken.video).toMatchObject({ canPublish: true, canPublishSources: ['camera', 'microphone'], canPublishData: false });

    expect(expectOk(await alice.send('hand:lower', { sessionId }))).toEqual({ sessionId, handRaised: false, invited: false, onStage: false });
    const calls = lk.callsTo('RoomService/UpdateParticipant');
    expect(calls).toHaveLength(2);
    expect(ParticipantPermission.fromJson(calls[1]!.body.permission as never).equals(permission(false, []))).toBe(true);
    expect((await verifier.verify(expectOk(await alice.send('media:token', { sessionId })).token)).video?.canPublish).toBe(false);

    const audit = await queryFile<{ action: string; actor: string }>(
      server.dbPath,
      "SELECT action, actor FROM audit_log WHERE action IN ('media.invite', 'media.revoke') ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'media.invite', actor: moderator.me.staff!.username },
      { action: 'media.revoke', actor: `resident:${tag}` },
    ]);
  });

  it('reports a resident who is not connected yet instead of failing the invitation', async () => {
    lk.failWith('RoomService/UpdateParticipant', { status: 404, code: 'not_found', msg: 'participant not found' });
    expectOk(await bob.send('hand:raise', { sessionId }));
    const invited = expectOk(await moderator.send('stage:invite', { sessionId, residentTag: bob.me.residentTag }));
    expect(invited.livekit).toBe('not_connected');
    expect(expectOk(await bob.send('media:token', { sessionId })).canPublish).toBe(true);
    lk.clearFailures();
    expectOk(await moderator.send('stage:dismiss', { sessionId, residentTag: bob.me.residentTag }));
    expect(expectOk(await bob.send('media:token', { sessionId })).canPublish).toBe(false);
  });

  it('lets moderators, not residents, mute a published track, through the server', async () => {
    const input = { sessionId, identity: `staff-${chair.me.staff!.id}`, trackSid: 'TR_camera1' };
    expect(await alice.send('track:mute', input)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await moderator.send('track:mute', { ...input, trackSid: 'not-a-track' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expectOk(await moderator.send('track:mute', input));
    const [mute] = lk.callsTo('RoomService/MutePublishedTrack');
    expect(mute!.grant).toMatchObject({ roomAdmin: true, room });
    expect(mute!.body).toEqual({ room, identity: input.identity, trackSid: 'TR_camera1', muted: true });
    const audit = await queryFile(server.dbPath, "SELECT 1 FROM audit_log WHERE action = 'media.mute'");
    expect(audit).toHaveLength(1);
  });

  it('removes a participant and gives them no new token for the session', async () => {
    const identity = `resident-${bob.me.residentTag}`;
    expect(await alice.send('participant:remove', { sessionId, identity })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const removedAt = Date.now();
    expect(expectOk(await moderator.send('participant:remove', { sessionId, identity })).livekit).toBe('applied');
    const [removal] = lk.callsTo('RoomService/RemoveParticipant');
    expect(removal!.grant).toMatchObject({ roomAdmin: true, room });
    // The tokens issued before the removal are void in LiveKit too, not only refused anew by the platform.
    // RoomParticipantIdentity in protobuf JSON: revoke_token_ts is an int64 of seconds, sent as a string.
    expect(removal!.body).toEqual({ room, identity, revokeTokenTs: expect.stringMatching(/^\d+$/) });
    const revokeTokenTs = Number((removal!.body as { revokeTokenTs: string }).revokeTokenTs);
    expect(revokeTokenTs).toBeGreaterThanOrEqual(Math.floor(removedAt / 1000));
    expect(revokeTokenTs).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(await bob.send('media:token', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await queryFile(server.dbPath, "SELECT 1 FROM audit_log WHERE action = 'media.remove'")).toHaveLength(1);
  });

  it('creates an OBS ingress for administrators only, who read its URL and key', async () => {
    expect((await moderator.http.json('POST', `/api/admin/sessions/${sessionId}/ingress`, { type: 'rtmp' })).status).toBe(403);
    expect((await admin.http.json('POST', `/api/admin/sessions/${sessionId}/ingress`, { type: 'srt' })).status).toBe(400);
    const created = await admin.http.json<{ ingressId: string; url: string; streamKey: string }>('POST', `/api/admin/sessions/${sessionId}/ingress`, {
      type: 'whip',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'whip', url: 'https://ingress.fake/w', streamKey: expect.stringMatching(/^sk_fake_/) });
    const [call] = lk.callsTo('Ingress/CreateIngress');
    expect(call!.grant.ingressAdmin).toBe(true);
    expect(call!.body).toMatchObject({ inputType: 'WHIP_INPUT', roomName: room, participantIdentity: `staff-obs-${sessionId}` });
    expect((await moderator.http.json('GET', `/api/admin/sessions/${sessionId}/ingress`)).status).toBe(403);
    expect((await admin.http.json<unknown[]>('GET', `/api/admin/sessions/${sessionId}/ingress`)).body).toHaveLength(1);

    expect((await deliver(event('ingress_started', { id: 'EV_ingress_1', ingressInfo: { ingressId: created.body.ingressId, roomName: room } }))).status).toBe(200);
    const rows = await queryFile<{ status: string }>(server.dbPath, 'SELECT status FROM media_ingress WHERE ingress_id = ?', [created.body.ingressId]);
    expect(rows).toEqual([{ status: 'started' }]);
  });

  describe('webhooks', () => {
    const joined = (id: string, identity: string) =>
      event('participant_joined', { id, room: new Room({ name: room }), participant: new ParticipantInfo({ identity }) });

    it('counts the audience and its peak from joins and leaves, applying a repeated event once', async () => {
      for (const [id, identity] of [
        ['EV_j1', 'resident-aaaaaaaa'],
        ['EV_j2', 'resident-bbbbbbbb'],
        ['EV_j3', `staff-${chair.me.staff!.id}`],
      ]) {
        const res = await deliver(joined(id!, identity!));
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ok: true, applied: true });
      }
      expect((await media()).room).toMatchObject({ audienceNow: 2, audiencePeak: 2 });
      const left = event('participant_left', { id: 'EV_l1', room: new Room({ name: room }), participant: new ParticipantInfo({ identity: 'resident-aaaaaaaa' }) });
      expect((await deliver(left)).status).toBe(200);
      const replay = await deliver(joined('EV_j1', 'resident-aaaaaaaa'));
      expect(await replay.json()).toEqual({ ok: true, applied: false });
      expect((await media()).room).toMatchObject({ audienceNow: 1, audiencePeak: 2 });
    });

    it('refuses a wrong secret, a "Bearer " prefix, a changed body and an expired token, changing nothing', async () => {
      const before = await queryFile(server.dbPath, 'SELECT event_id FROM media_webhook_events');
      const ev = joined('EV_bad', 'resident-cccccccc');
      const wrongSecret = await signWebhook(ev, { secret: 'another-secret-entirely-0123456789abcdef' });
      const good = await signWebhook(ev);
      const expired = await signWebhook(ev, { ttl: -3600 });
      for (const [body, authorization] of [
        [wrongSecret.body, wrongSecret.authorization],
        [good.body, `Bearer ${good.authorization}`],
        [good.body.replace('cccccccc', 'dddddddd'), good.authorization],
        [expired.body, expired.authorization],
        [good.body, undefined],
      ] as const) {
        const res = await post(body, authorization);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
      }
      expect(await queryFile(server.dbPath, 'SELECT event_id FROM media_webhook_events')).toEqual(before);
      expect((await media()).room).toMatchObject({ audienceNow: 1 });
    });

    it('records the recording file when the egress ends', async () => {
      const [recording] = (await media()).egress;
      const info = new EgressInfo({
        egressId: recording!.egressId,
        roomName: room,
        status: EgressStatus.EGRESS_COMPLETE,
        fileResults: [{ location: 's3://archive/toa-dam/session.mp4', size: 123456789n, duration: 5_400_000_000_000n }],
      });
      expect((await deliver(event('egress_ended', { id: 'EV_eg1', egressInfo: info }))).status).toBe(200);
      expect((await media()).egress[0]).toMatchObject({
        status: 'EGRESS_COMPLETE',
        fileLocation: 's3://archive/toa-dam/session.mp4',
        fileSizeBytes: 123456789,
        durationMs: 5_400_000,
      });
    });

    it('takes publishing back from a resident who published without being on stage', async () => {
      const before = lk.callsTo('RoomService/UpdateParticipant').length;
      const published = event('track_published', {
        id: 'EV_t1',
        room: new Room({ name: room }),
        participant: new ParticipantInfo({ identity: 'resident-eeeeeeee' }),
        track: new TrackInfo({ sid: 'TR_x', source: TrackSource.CAMERA }),
      });
      expect((await deliver(published)).status).toBe(200);
      const calls = lk.callsTo('RoomService/UpdateParticipant');
      expect(calls).toHaveLength(before + 1);
      expect(calls.at(-1)!.body).toMatchObject({ identity: 'resident-eeeeeeee' });
      expect(ParticipantPermission.fromJson(calls.at(-1)!.body.permission as never).equals(permission(false, []))).toBe(true);
    });
  });

  it('stops the egresses and closes the room when the session ends', async () => {
    const active = (await media()).egress.filter((e) => e.status !== 'EGRESS_COMPLETE').map((e) => e.egressId);
    expectOk(await chair.send('session:transition', { sessionId, to: 'ended' }));
    const stops = await lk.waitForCalls('Egress/StopEgress', active.length);
    expect(stops.map((call) => call.body)).toEqual(active.map((egressId) => ({ egressId })));
    expect(stops.every((call) => call.grant.roomRecord === true)).toBe(true);
    const [removal] = await lk.waitForCalls('RoomService/DeleteRoom', 1);
    expect(removal!.body).toEqual({ room });
    expect(removal!.grant.roomCreate).toBe(true);
    const status = await until(media, (m) => m.room?.status === 'closed');
    expect(status.room).toMatchObject({ audienceNow: 0, audiencePeak: 2 });
    expect(status.hands).toEqual([]);
    expect(lk.calls.filter((call) => call.refused)).toEqual([]);
  });

  /** A session of its own, some weeks ahead, for a test that takes it live. */
  async function sessionAhead(title: string, days: number): Promise<number> {
    const start = new Date(Date.now() + days * 86_400_000);
    const created = await admin.http.json<Session>('POST', '/api/admin/sessions', {
      title,
      theme: 'Kiểm thử',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('keeps a session live when LiveKit refuses the room, and tells staff why', async () => {
    const id = await sessionAhead('Phiên thử lỗi LiveKit', 40);
    lk.failWith('RoomService/CreateRoom', { status: 404, code: 'not_found', msg: 'no LiveKit node available' });
    const egressBefore = lk.callsTo('Egress/StartRoomCompositeEgress').length;
    expect(expectOk(await chair.send('session:transition', { sessionId: id, to: 'live' })).state).toBe('live');
    const status = await until(
      async () => (await admin.http.json<SessionMedia>('GET', `/api/staff/sessions/${id}/media`)).body,
      (m) => m.room?.status === 'failed',
    );
    expect(status.room!.error).toBe('could not create the LiveKit room: not_found (404): no LiveKit node available');
    // Tried once more after the configured wait, then given up.
    expect(lk.callsTo('RoomService/CreateRoom').filter((call) => call.body.name === `toadam-session-${id}`)).toHaveLength(2);
    expect(lk.callsTo('Egress/StartRoomCompositeEgress')).toHaveLength(egressBefore);
    expect((await admin.http.json<Session>('GET', `/api/sessions/${id}`)).body.state).toBe('live');
    lk.clearFailures();
  });

  it('opens no room for a session that ended while the server waited to try again', async () => {
    const id = await sessionAhead('Phiên kết thúc sớm', 42);
    lk.failWith('RoomService/CreateRoom', { status: 503, code: 'unavailable', msg: 'node is restarting' }, 1);
    const before = lk.callsTo('RoomService/CreateRoom').length;
    expectOk(await chair.send('session:transition', { sessionId: id, to: 'live' }));
    await lk.waitForCalls('RoomService/CreateRoom', before + 1);
    expectOk(await chair.send('session:transition', { sessionId: id, to: 'ended' }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lk.callsTo('RoomService/CreateRoom').filter((call) => call.body.name === `toadam-session-${id}`)).toHaveLength(1);
    const status = (await admin.http.json<SessionMedia>('GET', `/api/staff/sessions/${id}/media`)).body;
    expect(status.room?.status).toBe('closed');
  });

  it('tries again when LiveKit refuses the room once, and opens it with its recording', async () => {
    const id = await sessionAhead('Phiên thử LiveKit chập chờn', 41);
    lk.failWith('RoomService/CreateRoom', { status: 503, code: 'unavailable', msg: 'node is restarting' }, 1);
    expectOk(await moderator.send('session:join', { sessionId: id }));
    const retrying = nextEvent(moderator.socket, 'media:changed', (m) => m.sessionId === id && m.room?.status === 'creating' && m.room.error !== null);
    expectOk(await chair.send('session:transition', { sessionId: id, to: 'live' }));
    expect((await retrying).room!.error).toBe(
      'could not create the LiveKit room: unavailable (503): node is restarting; trying again in 0.2 s (attempt 2 of 2)',
    );
    const status = await until(
      async () => (await admin.http.json<SessionMedia>('GET', `/api/staff/sessions/${id}/media`)).body,
      (m) => m.room?.status === 'open' && m.egress.some((e) => e.kind === 'recording'),
    );
    expect(status.room!.error).toBeNull();
    expect(lk.callsTo('RoomService/CreateRoom').filter((call) => call.body.name === `toadam-session-${id}`)).toHaveLength(2);
  });
});
