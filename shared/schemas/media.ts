import { z } from 'zod';
import { Id } from './common.ts';
import { parseExternalStream } from './values.ts';

export { parseExternalStream, type ExternalStream } from './values.ts';

export const ExternalStreamUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => parseExternalStream(value) !== null, 'must be an https YouTube or Facebook video link');

/** Answered to anybody: whether this server has live video at all. */
export const MediaStatus = z.object({ enabled: z.boolean() });
export type MediaStatus = z.infer<typeof MediaStatus>;
/** LiveKit's webhook acknowledged: whether the event changed anything here. */
export const WebhookReceipt = z.object({ ok: z.literal(true), applied: z.boolean() });

/** What a participant plays in the room: officials publish, residents watch unless invited on stage. */
export const MEDIA_ROLES = ['official', 'moderator', 'resident'] as const;
export type MediaRole = (typeof MEDIA_ROLES)[number];

export const MediaToken = z.object({
  url: z.string(),
  token: z.string(),
  identity: z.string(),
  role: z.enum(MEDIA_ROLES),
  canPublish: z.boolean(),
  expiresAt: z.string(),
});
export type MediaToken = z.infer<typeof MediaToken>;

/** The identity a participant has in the LiveKit room; never a resident's cookie id. */
export const ParticipantIdentity = z.string().regex(/^(resident|staff)-[A-Za-z0-9_-]{1,40}$/, 'is not a participant of this platform');
export const TrackSid = z.string().regex(/^TR_[A-Za-z0-9]{1,40}$/, 'is not a LiveKit track id');

export const StageTarget = z.strictObject({ sessionId: Id, residentTag: z.string().regex(/^[A-Za-z0-9_-]{8}$/) });
export type StageTarget = z.infer<typeof StageTarget>;

export const TrackMuteInput = z.strictObject({ sessionId: Id, identity: ParticipantIdentity, trackSid: TrackSid });
export type TrackMuteInput = z.infer<typeof TrackMuteInput>;

export const ParticipantRemoveInput = z.strictObject({ sessionId: Id, identity: ParticipantIdentity });
export type ParticipantRemoveInput = z.infer<typeof ParticipantRemoveInput>;

/** A raised hand as staff see it; `invited` with the hand still up means the resident may publish. */
export const Hand = z.object({
  residentTag: z.string(),
  identity: z.string(),
  raisedAt: z.string(),
  invited: z.boolean(),
});
export type Hand = z.infer<typeof Hand>;

/** A resident's own place on the stage. */
export const MyStage = z.object({ sessionId: Id, handRaised: z.boolean(), invited: z.boolean(), onStage: z.boolean() });
export type MyStage = z.infer<typeof MyStage>;

/**
 * What a stage change did: it is always saved; `livekit` says whether the connected participant's permission was
 * changed at once, or they were not in the room (their next token carries it), or LiveKit failed (logged).
 */
export const StageChange = z.object({
  hands: z.array(Hand),
  livekit: z.enum(['applied', 'not_connected', 'failed']),
});
export type StageChange = z.infer<typeof StageChange>;

export const RESTREAM_PLATFORMS = ['youtube', 'facebook', 'other'] as const;

/**
 * A destination to save. Keys are write-only, so an existing destination can keep its stored key (`keepKeyOf`, its
 * id) instead of the administrator typing every key again to change one address.
 */
export const StreamTargetInput = z
  .strictObject({
    platform: z.enum(RESTREAM_PLATFORMS),
    rtmpUrl: z.url({ protocol: /^rtmps?$/ }).max(500),
    streamKey: z.string().trim().min(4).max(300).regex(/^[\x21-\x7E]+$/, 'must be printable characters without spaces').optional(),
    keepKeyOf: Id.optional(),
  })
  .refine((target) => (target.streamKey === undefined) !== (target.keepKeyOf === undefined), {
    message: 'give either a new streamKey or keepKeyOf, the id of a saved destination whose key stays',
    path: ['streamKey'],
  });
export const StreamTargetsInput = z.strictObject({ targets: z.array(StreamTargetInput).max(5) });
export type StreamTargetsInput = z.infer<typeof StreamTargetsInput>;

/** A restream destination as any browser sees it: the key is masked, it stays on the server. */
export const StreamTarget = z.object({
  id: Id,
  platform: z.enum(RESTREAM_PLATFORMS),
  rtmpUrl: z.string(),
  streamKeyHint: z.string(),
});
export type StreamTarget = z.infer<typeof StreamTarget>;

export const IngressCreateInput = z.strictObject({ type: z.enum(['rtmp', 'whip']) });
export type IngressCreateInput = z.infer<typeof IngressCreateInput>;

/** An OBS input, with its key: only administrators read this. */
export const Ingress = z.object({
  ingressId: z.string(),
  type: z.enum(['rtmp', 'whip']),
  url: z.string(),
  streamKey: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
export type Ingress = z.infer<typeof Ingress>;

export const Egress = z.object({
  egressId: z.string(),
  kind: z.enum(['recording', 'restream']),
  status: z.string(),
  error: z.string().nullable(),
  fileLocation: z.string().nullable(),
  fileSizeBytes: z.number().nullable(),
  durationMs: z.number().nullable(),
  updatedAt: z.string(),
});
export type Egress = z.infer<typeof Egress>;

/** What staff see of a session's video: the room, its audience, recordings and restreams, the last error. */
export const SessionMedia = z.object({
  sessionId: Id,
  enabled: z.boolean(),
  room: z
    .object({
      name: z.string(),
      status: z.enum(['creating', 'open', 'failed', 'closed']),
      error: z.string().nullable(),
      audienceNow: z.number(),
      audiencePeak: z.number(),
    })
    .nullable(),
  egress: z.array(Egress),
  streamTargets: z.array(StreamTarget),
  hands: z.array(Hand),
});
export type SessionMedia = z.infer<typeof SessionMedia>;
