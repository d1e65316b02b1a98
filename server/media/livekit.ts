import type { WebhookEventNames } from 'livekit-server-sdk';
import type { MediaRole } from '../../shared/schemas/media.ts';
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

/** Everything the platform asks of LiveKit; `livekit-gateway.ts` (with grants.ts) is the only module that speaks its SDK. */
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

/**
 * LiveKit's API errors (the SDK's ServerError), recognised by their shape: this module must not load the SDK, which
 * `livekit-gateway.ts` brings in only when LiveKit is configured.
 */
function serverError(error: unknown): (Error & { status: number; code?: string }) | null {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number' ? (error as Error & { status: number; code?: string }) : null;
}

/** "not_found (404): room does not exist": LiveKit's own code and message, for logs and staff. */
export function describeLiveKitError(error: unknown): string {
  const server = serverError(error);
  if (server) return `${server.code ?? 'error'} (${server.status}): ${server.message}`;
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

/** LiveKit answers not_found for a room, participant or track that is not (or no longer) there. */
export function isNotFound(error: unknown): boolean {
  const server = serverError(error);
  return server !== null && (server.code === 'not_found' || server.status === 404);
}

/** Wraps a gateway so that each failed API call is told by name (for /metrics); the calls themselves are unchanged. */
export function countApiErrors(gateway: LiveKitGateway, onApiError: (call: (typeof API_CALLS)[number]) => void): LiveKitGateway {
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
