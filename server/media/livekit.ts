import {
  AccessToken,
  EgressClient,
  EgressStatus,
  EncodedFileOutput,
  EncodedFileType,
  IngressClient,
  IngressInput,
  RoomServiceClient,
  ServerError,
  StreamOutput,
  StreamProtocol,
  WebhookReceiver,
  type EgressInfo,
  type WebhookEventNames,
} from 'livekit-server-sdk';
import type { MediaRole } from '../../shared/schemas/media.ts';
import type { LiveKitConfig } from '../config.ts';
import { toParticipantPermission, toVideoGrant } from './grants.ts';
import type { MediaGrant } from './rules.ts';

export interface EgressSnapshot {
  egressId: string;
  /** LiveKit's EgressStatus name, e.g. `EGRESS_ACTIVE`. */
  status: string;
  error: string | null;
  file: { location: string; sizeBytes: number; durationMs: number } | null;
}

/** A verified webhook, reduced to what the platform keeps. */
export interface MediaEvent {
  id: string;
  event: WebhookEventNames;
  room: string | null;
  identity: string | null;
  egress: EgressSnapshot | null;
  ingress: { ingressId: string; room: string } | null;
}

export class WebhookRejected extends Error {}

/** Everything the platform asks of LiveKit; the only module (with grants.ts) that speaks its SDK. */
export interface LiveKitGateway {
  /** The address browsers connect to. */
  clientUrl: string;
  mintToken(options: { room: string; identity: string; name: string; role: MediaRole; grant: MediaGrant; ttlSeconds: number }): Promise<string>;
  createRoom(options: { room: string; emptyTimeoutSeconds: number; metadata: string }): Promise<void>;
  deleteRoom(room: string): Promise<void>;
  setPermission(room: string, identity: string, grant: MediaGrant): Promise<void>;
  muteTrack(room: string, identity: string, trackSid: string): Promise<void>;
  /** Disconnects them and voids every token of theirs issued before `revokeTokensBefore`, so none lets them back. */
  removeParticipant(room: string, identity: string, revokeTokensBefore: Date): Promise<void>;
  startRecording(room: string, filepath: string): Promise<EgressSnapshot>;
  startRestream(room: string, urls: string[]): Promise<EgressSnapshot>;
  stopEgress(egressId: string): Promise<EgressSnapshot>;
  createIngress(options: { type: 'rtmp' | 'whip'; room: string; identity: string; name: string }): Promise<{ ingressId: string; url: string; streamKey: string }>;
  /** Verifies the signature and body hash; throws WebhookRejected when either does not match. */
  receiveWebhook(body: string, authorization: string | undefined): Promise<MediaEvent>;
  /** One cheap authenticated API call, for readiness: resolves when LiveKit answers and accepts the key. */
  ping(): Promise<void>;
}

/** The gateway's calls that go to LiveKit's API (minting tokens and checking webhooks are local). */
const API_CALLS = [
  'createRoom',
  'deleteRoom',
  'setPermission',
  'muteTrack',
  'removeParticipant',
  'startRecording',
  'startRestream',
  'stopEgress',
  'createIngress',
  'ping',
] as const satisfies ReadonlyArray<keyof LiveKitGateway>;

/** "not_found (404): room does not exist": LiveKit's own code and message, for logs and staff. */
export function describeLiveKitError(error: unknown): string {
  if (error instanceof ServerError) return `${error.code ?? 'error'} (${error.status}): ${error.message}`;
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

/** LiveKit answers not_found for a room, participant or track that is not (or no longer) there. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ServerError && (error.code === 'not_found' || error.status === 404);
}

const NANOS_PER_MS = 1_000_000n;

function toSnapshot(info: EgressInfo): EgressSnapshot {
  const file = info.fileResults[0];
  return {
    egressId: info.egressId,
    status: EgressStatus[info.status] ?? String(info.status),
    error: info.error || null,
    file: file?.location
      ? { location: file.location, sizeBytes: Number(file.size), durationMs: Number(file.duration / NANOS_PER_MS) }
      : null,
  };
}

/** Options for `createLiveKitGateway`; `requestTimeoutSeconds` bounds every API call. */
export interface GatewayOptions {
  config: LiveKitConfig;
  requestTimeoutSeconds?: number;
  /** Told the name of each API call that failed (for /metrics). */
  onApiError?: (call: (typeof API_CALLS)[number]) => void;
}

export function createLiveKitGateway(options: GatewayOptions): LiveKitGateway {
  const { onApiError } = options;
  const gateway = sdkGateway(options);
  if (!onApiError) return gateway;
  const counted = { ...gateway };
  for (const call of API_CALLS) {
    const original = gateway[call] as (...args: unknown[]) => Promise<unknown>;
    (counted as Record<string, unknown>)[call] = (...args: unknown[]) =>
      original(...args).catch((error: unknown) => {
        onApiError(call);
        throw error;
      });
  }
  return counted;
}

function sdkGateway(options: GatewayOptions): LiveKitGateway {
  const { config, requestTimeoutSeconds = 10 } = options;
  const { apiUrl, apiKey, apiSecret } = config;
  const clientOptions = { requestTimeout: requestTimeoutSeconds };
  const rooms = new RoomServiceClient(apiUrl, apiKey, apiSecret, clientOptions);
  const egress = new EgressClient(apiUrl, apiKey, apiSecret, clientOptions);
  const ingress = new IngressClient(apiUrl, apiKey, apiSecret, clientOptions);
  const webhooks = new WebhookReceiver(apiKey, apiSecret);

  return {
    clientUrl: config.clientUrl,

    async mintToken({ room, identity, name, role, grant, ttlSeconds }) {
      const token = new AccessToken(apiKey, apiSecret, { identity, name, ttl: ttlSeconds, attributes: { role } });
      token.addGrant(toVideoGrant(room, grant));
      return token.toJwt();
    },

    async createRoom({ room, emptyTimeoutSeconds, metadata }) {
      await rooms.createRoom({ name: room, emptyTimeout: emptyTimeoutSeconds, metadata });
    },

    async deleteRoom(room) {
      await rooms.deleteRoom(room);
    },

    async setPermission(room, identity, grant) {
      await rooms.updateParticipant(room, identity, { permission: toParticipantPermission(grant) });
    },

    async muteTrack(room, identity, trackSid) {
      await rooms.mutePublishedTrack(room, identity, trackSid, true);
    },

    async removeParticipant(room, identity, revokeTokensBefore) {
      // LiveKit compares it with a token's nbf, in seconds; a token issued after the removal (staff let them back
      // in) still works.
      await rooms.removeParticipant(room, identity, { revokeTokenTs: BigInt(Math.floor(revokeTokensBefore.getTime() / 1000)) });
    },

    async startRecording(room, filepath) {
      const file = new EncodedFileOutput({ fileType: EncodedFileType.MP4, filepath });
      return toSnapshot(await egress.startRoomCompositeEgress(room, { file }, { layout: 'speaker' }));
    },

    async startRestream(room, urls) {
      const stream = new StreamOutput({ protocol: StreamProtocol.RTMP, urls });
      return toSnapshot(await egress.startRoomCompositeEgress(room, { stream }, { layout: 'speaker' }));
    },

    async stopEgress(egressId) {
      return toSnapshot(await egress.stopEgress(egressId));
    },

    async createIngress({ type, room, identity, name }) {
      const info = await ingress.createIngress(type === 'rtmp' ? IngressInput.RTMP_INPUT : IngressInput.WHIP_INPUT, {
        name,
        roomName: room,
        participantIdentity: identity,
        participantName: name,
      });
      return { ingressId: info.ingressId, url: info.url, streamKey: info.streamKey };
    },

    async receiveWebhook(body, authorization) {
      let event;
      try {
        event = await webhooks.receive(body, authorization);
      } catch (error) {
        throw new WebhookRejected(error instanceof Error ? error.message : 'webhook rejected', { cause: error });
      }
      return {
        id: event.id,
        event: event.event,
        room: event.room?.name || event.egressInfo?.roomName || event.ingressInfo?.roomName || null,
        identity: event.participant?.identity || null,
        egress: event.egressInfo ? toSnapshot(event.egressInfo) : null,
        ingress: event.ingressInfo ? { ingressId: event.ingressInfo.ingressId, room: event.ingressInfo.roomName } : null,
      };
    },

    async ping() {
      // Names one room that never exists, so the answer stays small however many rooms are open.
      await rooms.listRooms(['toadam-readiness-probe']);
    },
  };
}
