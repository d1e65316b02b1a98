import type { MediaRole } from '../../shared/schemas/media.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { residentTag, type Actor } from '../auth/actor.ts';
import { can } from '../auth/policy.ts';

/** Long enough to connect; once connected, LiveKit keeps refreshing the participant's token itself. */
export const TOKEN_TTL_SECONDS = 10 * 60;
/** How early officials (and moderators) may join to check camera and sound before the session goes live. */
export const PREVIEW_BEFORE_START_MS = 30 * 60_000;
/** A room with nobody left in it closes after this; the session's end closes it anyway. */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 10 * 60;

const ROOM_PREFIX = 'toadam-session-';

export function roomNameOf(sessionId: number): string {
  return `${ROOM_PREFIX}${sessionId}`;
}

export function sessionIdOfRoom(name: string): number | null {
  const match = /^toadam-session-([1-9]\d{0,15})$/.exec(name);
  return match ? Number(match[1]) : null;
}

const RESIDENT_PREFIX = 'resident-';

export function residentIdentity(tag: string): string {
  return `${RESIDENT_PREFIX}${tag}`;
}

/** The resident tag inside a LiveKit identity, or null for staff, recorders and inputs. */
export function residentTagOf(identity: string): string | null {
  return identity.startsWith(RESIDENT_PREFIX) ? identity.slice(RESIDENT_PREFIX.length) : null;
}

/**
 * Every participant sees the others' identities, so a resident's is derived from the short public tag staff
 * already see, never from the cookie id it stands for.
 */
export function identityOf(actor: Actor): string {
  return actor.staff ? `staff-${actor.staff.id}` : residentIdentity(residentTag(actor.residentId));
}

/** Residents are the audience; staff, egress recorders and ingress inputs are not counted. */
export function isAudience(identity: string): boolean {
  return residentTagOf(identity) !== null;
}

export function mediaRoleOf(actor: Actor, unitId: number): MediaRole {
  if (can(actor, 'media:publish', unitId)) return 'official';
  if (can(actor, 'media:moderate', unitId)) return 'moderator';
  return 'resident';
}

/** Why the caller may not have a token now, or null when they may. */
export function tokenRefusal(session: Pick<Session, 'state' | 'startsAt'>, role: MediaRole, now: Date): string | null {
  if (session.state === 'live') return null;
  if (session.state === 'ended') return 'the session has ended';
  const previewFrom = Date.parse(session.startsAt) - PREVIEW_BEFORE_START_MS;
  if (role !== 'resident' && now.getTime() >= previewFrom) return null;
  return role === 'resident'
    ? 'the video starts when the session goes live'
    : `staff may join from ${PREVIEW_BEFORE_START_MS / 60_000} minutes before the start`;
}

export type PublishSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

export interface StageState {
  handRaised: boolean;
  invited: boolean;
}

/** Everything a participant may do in the room; `grants.ts` turns it into LiveKit's token grant and permission. */
export interface MediaGrant {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishSources: PublishSource[];
  /** Chat and reactions go through the platform's own socket, which moderates them; nobody sends LiveKit data. */
  canPublishData: boolean;
  /** The role travels in the participant's attributes: nobody may rewrite their own. */
  canUpdateOwnMetadata: boolean;
  hidden: boolean;
}

export const NO_STAGE: StageState = { handRaised: false, invited: false };

/** The one place where a role and the stage decide what a participant may do in the room. */
export function grantsFor(role: MediaRole, stage: StageState): MediaGrant {
  const onStage = role === 'resident' && stage.handRaised && stage.invited;
  const sources: PublishSource[] =
    role === 'official' ? ['camera', 'microphone', 'screen_share', 'screen_share_audio'] : onStage ? ['camera', 'microphone'] : [];
  return {
    canSubscribe: true,
    canPublish: sources.length > 0,
    canPublishSources: sources,
    canPublishData: false,
    canUpdateOwnMetadata: false,
    hidden: false,
  };
}
