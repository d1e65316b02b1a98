import { ParticipantPermission, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { MediaGrant, PublishSource } from './rules.ts';

const SOURCES: Record<PublishSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/**
 * The join token's grant, every field set: LiveKit reads an omitted canPublish as true and an omitted
 * canPublishData as canPublish, so leaving one out would let a resident publish.
 */
export function toVideoGrant(room: string, grant: MediaGrant): VideoGrant {
  return {
    room,
    roomJoin: true,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    roomAdmin: false,
    ingressAdmin: false,
    canSubscribe: grant.canSubscribe,
    canPublish: grant.canPublish,
    canPublishSources: grant.canPublishSources.map((source) => SOURCES[source]),
    canPublishData: grant.canPublishData,
    canUpdateOwnMetadata: grant.canUpdateOwnMetadata,
    hidden: grant.hidden,
    recorder: false,
    agent: false,
    canSubscribeMetrics: false,
    canManageAgentSession: false,
  };
}

/** The permission UpdateParticipant sends; LiveKit replaces the whole permission with it, so every field is set. */
export function toParticipantPermission(grant: MediaGrant): ParticipantPermission {
  return new ParticipantPermission({
    canSubscribe: grant.canSubscribe,
    canPublish: grant.canPublish,
    canPublishData: grant.canPublishData,
    canPublishSources: grant.canPublishSources.map((source) => SOURCES[source]),
    hidden: grant.hidden,
    recorder: false,
    canUpdateMetadata: grant.canUpdateOwnMetadata,
    agent: false,
    canSubscribeMetrics: false,
    canManageAgentSession: false,
  });
}
