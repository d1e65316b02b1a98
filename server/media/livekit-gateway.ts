import {
  AccessToken,
  EgressClient,
  EgressStatus,
  EncodedFileOutput,
  EncodedFileType,
  IngressClient,
  IngressInput,
  RoomServiceClient,
  StreamOutput,
  StreamProtocol,
  WebhookReceiver,
  type EgressInfo,
} from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';
import { toParticipantPermission, toVideoGrant } from './grants.ts';
import { WebhookRejected, type EgressSnapshot, type LiveKitGateway, type MediaEvent } from './livekit.ts';

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
}

export function createLiveKitGateway(options: GatewayOptions): LiveKitGateway {
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
