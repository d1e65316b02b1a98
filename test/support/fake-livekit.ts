import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AccessToken,
  EgressInfo,
  EgressStatus,
  IngressInfo,
  ParticipantInfo,
  ParticipantPermission,
  Room,
  TokenVerifier,
  TrackInfo,
  WebhookEvent,
  type VideoGrant,
} from 'livekit-server-sdk';

export const FAKE_API_KEY = 'APItestkey';
export const FAKE_API_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** One Twirp request the platform made, after its bearer token was verified with the API secret. */
export interface TwirpCall {
  service: string;
  method: string;
  path: string;
  grant: VideoGrant;
  body: Record<string, unknown>;
  /** Set when the fake refused the call: a bad token or a grant that does not cover the method. */
  refused: string | null;
}

export interface LiveKitErrorReply {
  status: number;
  code: string;
  msg: string;
}

/** The grant LiveKit demands for each method the platform uses; `room` means roomAdmin on the body's room. */
const REQUIRED: Record<string, keyof VideoGrant | 'room'> = {
  'RoomService/CreateRoom': 'roomCreate',
  'RoomService/DeleteRoom': 'roomCreate',
  'RoomService/ListRooms': 'roomList',
  'RoomService/UpdateParticipant': 'room',
  'RoomService/MutePublishedTrack': 'room',
  'RoomService/RemoveParticipant': 'room',
  'Egress/StartRoomCompositeEgress': 'roomRecord',
  'Egress/StopEgress': 'roomRecord',
  'Ingress/CreateIngress': 'ingressAdmin',
};

export interface FakeLiveKit {
  url: string;
  /** The LIVEKIT_* variables pointing the platform at this fake. */
  env: Record<string, string>;
  calls: TwirpCall[];
  /** Calls of one method (`Service/Method`), in order. */
  callsTo(method: string): TwirpCall[];
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<TwirpCall[]>;
  /** Answers later calls of that method with a LiveKit-shaped error: every one, or the next `times`. */
  failWith(method: string, reply: LiveKitErrorReply, times?: number): void;
  clearFailures(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let sequence = 0;

function answer(method: string, body: Record<string, unknown>): unknown {
  sequence += 1;
  switch (method) {
    case 'RoomService/CreateRoom':
      return new Room({ sid: `RM_fake${sequence}`, name: String(body.name), emptyTimeout: Number(body.emptyTimeout ?? 0), metadata: String(body.metadata ?? '') }).toJson();
    case 'RoomService/UpdateParticipant':
      return new ParticipantInfo({
        identity: String(body.identity),
        permission: body.permission ? ParticipantPermission.fromJson(body.permission as never) : undefined,
      }).toJson();
    case 'RoomService/MutePublishedTrack':
      return { track: new TrackInfo({ sid: String(body.trackSid), muted: true }).toJson() };
    case 'Egress/StartRoomCompositeEgress':
      return new EgressInfo({ egressId: `EG_fake${sequence}`, roomName: String(body.roomName), status: EgressStatus.EGRESS_STARTING }).toJson();
    case 'Egress/StopEgress':
      return new EgressInfo({ egressId: String(body.egressId), status: EgressStatus.EGRESS_ENDING }).toJson();
    case 'Ingress/CreateIngress':
      return new IngressInfo({
        ingressId: `IN_fake${sequence}`,
        url: body.inputType === 'WHIP_INPUT' ? 'https://ingress.fake/w' : 'rtmp://ingress.fake/x',
        streamKey: `sk_fake_${sequence}`,
        roomName: String(body.roomName),
      }).toJson();
    default:
      return {};
  }
}

/** A LiveKit API server for contract tests: records each request the real SDK clients make and answers like LiveKit. */
export async function startFakeLiveKit(): Promise<FakeLiveKit> {
  const verifier = new TokenVerifier(FAKE_API_KEY, FAKE_API_SECRET);
  const calls: TwirpCall[] = [];
  const failures = new Map<string, LiveKitErrorReply & { left: number }>();

  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const match = /^\/twirp\/livekit\.(\w+)\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return reply(404, { code: 'bad_route', msg: `no route ${req.method} ${req.url}` });
    const method = `${match[1]}/${match[2]}`;
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const call: TwirpCall = { service: match[1]!, method: match[2]!, path: req.url!, grant: {}, body, refused: null };
    calls.push(call);
    const auth = req.headers.authorization ?? '';
    try {
      if (!auth.startsWith('Bearer ')) throw new Error('no bearer token');
      call.grant = (await verifier.verify(auth.slice('Bearer '.length))).video ?? {};
    } catch (error) {
      call.refused = `token: ${(error as Error).message}`;
      return reply(401, { code: 'unauthenticated', msg: call.refused });
    }
    const required = REQUIRED[method];
    const allowed = required === 'room' ? call.grant.roomAdmin === true && call.grant.room === body.room : required ? call.grant[required] === true : false;
    if (!allowed) {
      call.refused = `grant does not allow ${method}`;
      return reply(403, { code: 'permission_denied', msg: call.refused });
    }
    const failure = failures.get(method);
    if (failure) {
      failure.left -= 1;
      if (failure.left <= 0) failures.delete(method);
      return reply(failure.status, { code: failure.code, msg: failure.msg });
    }
    reply(200, answer(method, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    // One quick retry, so a refused room is reported within a test's patience.
    env: { LIVEKIT_URL: url, LIVEKIT_API_KEY: FAKE_API_KEY, LIVEKIT_API_SECRET: FAKE_API_SECRET, LIVEKIT_ROOM_RETRY_SECONDS: '0.2' },
    calls,
    callsTo: (method) => calls.filter((call) => `${call.service}/${call.method}` === method),
    async waitForCalls(method, count, timeoutMs = 5000) {
      const started = Date.now();
      for (;;) {
        const found = calls.filter((call) => `${call.service}/${call.method}` === method);
        if (found.length >= count) return found;
        if (Date.now() - started > timeoutMs) throw new Error(`expected ${count} ${method} call(s), saw ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    failWith: (method, reply, times = Infinity) => void failures.set(method, { ...reply, left: times }),
    clearFailures: () => failures.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Signs a webhook exactly as LiveKit's server does: the body's base64 SHA-256 in the `sha256` claim of a token
 * made with the API key and secret, sent bare (no "Bearer ") in the Authorization header.
 */
export async function signWebhook(
  event: WebhookEvent,
  options: { secret?: string; ttl?: number | string } = {},
): Promise<{ body: string; authorization: string }> {
  const body = event.toJsonString();
  const token = new AccessToken(FAKE_API_KEY, options.secret ?? FAKE_API_SECRET, { ttl: options.ttl ?? '5m' });
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return { body, authorization: await token.toJwt() };
}

export { WebhookEvent };
