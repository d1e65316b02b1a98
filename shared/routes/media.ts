import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { Ingress, IngressCreateInput, MediaStatus, MyStage, SessionMedia, StreamTarget, StreamTargetsInput, WebhookReceipt } from '../schemas/media.ts';
import { PATHS } from './paths.ts';

const NO_SESSION = { 404: 'No such session' } as const;
const MEDIA_OFF = { 503: 'Live video is not configured' } as const;

/** Live video: whether it is on, the stage, restreams and ingress, and LiveKit's webhooks. */
export const MEDIA = {
  status: route({ ...PATHS.media.status, summary: 'Whether this platform has live video of its own', response: MediaStatus }),
  myStage: route({
    ...PATHS.media.myStage,
    summary: "The caller's raised hand and place on stage in a session",
    params: IdPath,
    response: MyStage,
    errors: NO_SESSION,
  }),
  sessionMedia: route({
    ...PATHS.media.sessionMedia,
    summary: "A session's video as staff see it: room, hands, recordings",
    params: IdPath,
    response: SessionMedia,
    errors: { ...STAFF_ONLY, ...NO_SESSION },
  }),
  streamTargets: route({
    ...PATHS.media.streamTargets,
    summary: "A session's restream targets (YouTube, Facebook, other RTMP)",
    params: IdPath,
    response: z.array(StreamTarget),
    errors: { ...STAFF_ONLY, ...NO_SESSION },
  }),
  setStreamTargets: route({
    ...PATHS.media.setStreamTargets,
    summary: "Replaces a session's restream targets",
    params: IdPath,
    body: StreamTargetsInput,
    response: z.array(StreamTarget),
    errors: { ...STAFF_ONLY, ...NO_SESSION },
  }),
  ingress: route({
    ...PATHS.media.ingress,
    summary: "A session's ingress points (RTMP or WHIP from a studio encoder)",
    params: IdPath,
    response: z.array(Ingress),
    errors: { ...STAFF_ONLY, ...NO_SESSION },
  }),
  createIngress: route({
    ...PATHS.media.createIngress,
    summary: 'Creates an ingress point for a studio encoder',
    params: IdPath,
    body: IngressCreateInput,
    response: Ingress,
    status: 201,
    errors: { ...STAFF_ONLY, ...NO_SESSION, ...MEDIA_OFF },
  }),
  webhook: route({
    ...PATHS.media.webhook,
    summary: "LiveKit's webhooks: room, participant and recording events",
    description: 'Signed by LiveKit (the Authorization header), read raw: the signature covers the exact bytes sent.',
    response: WebhookReceipt,
    errors: { 401: 'The signature is missing or wrong', ...MEDIA_OFF },
  }),
};
