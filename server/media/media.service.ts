import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.ts';
import type {
  Ingress,
  IngressCreateInput,
  MediaStatus,
  MediaToken,
  MyStage,
  ParticipantRemoveInput,
  SessionMedia,
  StageChange,
  StageTarget,
  StreamTarget,
  StreamTargetsInput,
  TrackMuteInput,
} from '../../shared/schemas/media.ts';
import { actorLabel, residentTag, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { describeLiveKitError, isNotFound, type LiveKitGateway } from './livekit.ts';
import {
  deleteStage,
  findStage,
  findStageByTag,
  insertIngress,
  isRemoved,
  listHands,
  listIngress,
  listStreamTargets,
  markRemoved,
  raiseHand,
  replaceStreamTargets,
  setInvited,
  storedStreamKeys,
} from './media.repository.ts';
import { mediaChanged, readSessionMedia } from './media.status.ts';
import {
  NO_STAGE,
  TOKEN_TTL_SECONDS,
  grantsFor,
  identityOf,
  mediaRoleOf,
  residentIdentity,
  residentTagOf,
  roomNameOf,
  tokenRefusal,
} from './rules.ts';

export const MEDIA_OFF_MESSAGE = 'live video is not configured on this server (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)';

/** Tokens, the stage and moderators' actions on the room, and the administrators' restream and OBS settings. */
export function createMediaService(deps: { db: Database; clock: Clock; livekit: LiveKitGateway | null; logger: Logger }) {
  const { db, clock, livekit, logger } = deps;

  function requireLiveKit(): LiveKitGateway {
    if (!livekit) throw new AppError('unavailable', MEDIA_OFF_MESSAGE);
    return livekit;
  }

  async function requireLiveSession(tx: Pick<Tx, 'get'>, sessionId: number) {
    const session = await requireSession(tx, sessionId);
    if (session.state !== 'live') throw new AppError('wrong_state', 'the stage is open only while the session is live');
    return session;
  }

  async function staffNotices(tx: Tx, sessionId: number, extra: Notice[] = []): Promise<Notice[]> {
    return [mediaChanged(await readSessionMedia(tx, sessionId, livekit !== null)), ...extra];
  }

  function myStageOf(sessionId: number, stage: { handRaised: boolean; invited: boolean }): MyStage {
    return { sessionId, handRaised: stage.handRaised, invited: stage.invited, onStage: grantsFor('resident', stage).canPublish };
  }

  function mine(sessionId: number, residentId: string, stage: { handRaised: boolean; invited: boolean }): Notice {
    return { to: { kind: 'resident', residentId }, event: 'stage:mine', payload: myStageOf(sessionId, stage) };
  }

  /** Pushes a resident's new permission to LiveKit; the stage itself is already saved, so this only reports. */
  async function applyStage(sessionId: number, tag: string, stage: { handRaised: boolean; invited: boolean }): Promise<StageChange['livekit']> {
    try {
      await requireLiveKit().setPermission(roomNameOf(sessionId), residentIdentity(tag), grantsFor('resident', stage));
      return 'applied';
    } catch (error) {
      if (isNotFound(error)) return 'not_connected';
      logger.error({ sessionId, residentTag: tag, livekitError: describeLiveKitError(error) }, 'live video: LiveKit refused a stage permission change');
      return 'failed';
    }
  }

  async function audit(tx: Tx, unitId: number, sessionId: number, actor: Actor, action: string, detail: Record<string, unknown>): Promise<void> {
    await appendAudit(tx, { unitId, sessionId, questionId: null, actor: actorLabel(actor), action, detail, at: clock() });
  }

  return {
    status(): MediaStatus {
      return { enabled: livekit !== null };
    },

    async sessionMedia(actor: Actor, sessionId: number): Promise<SessionMedia> {
      return db.read(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'feed:staff', session.unitId);
        return readSessionMedia(tx, sessionId, livekit !== null);
      });
    },

    /** A short-lived join token whose grants follow the caller's role and, for a resident, their place on stage. */
    async token(actor: Actor, sessionId: number): Promise<MediaToken> {
      const gateway = requireLiveKit();
      const now = clock();
      const { session, stage, removed } = await db.read(async (tx) => ({
        session: await requireSession(tx, sessionId),
        stage: await findStage(tx, sessionId, actor.residentId),
        removed: await isRemoved(tx, sessionId, identityOf(actor)),
      }));
      const role = mediaRoleOf(actor, session.unitId);
      const refusal = tokenRefusal(session, role, now);
      if (refusal) throw new AppError('wrong_state', refusal);
      if (removed) throw new AppError('forbidden', "a moderator removed you from this session's video");
      const grant = grantsFor(role, role === 'resident' ? stage : NO_STAGE);
      const identity = identityOf(actor);
      const token = await gateway.mintToken({
        room: roomNameOf(sessionId),
        identity,
        name: actor.staff?.displayName ?? '',
        role,
        grant,
        ttlSeconds: TOKEN_TTL_SECONDS,
      });
      return {
        url: gateway.clientUrl,
        token,
        identity,
        role,
        canPublish: grant.canPublish,
        expiresAt: new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000).toISOString(),
      };
    },

    /** The resident's own hand and place on stage, for a page that was just (re)loaded. */
    async myStage(actor: Actor, sessionId: number): Promise<MyStage> {
      return db.read(async (tx) => {
        await requireSession(tx, sessionId);
        return myStageOf(sessionId, await findStage(tx, sessionId, actor.residentId));
      });
    },

    async raiseHand(actor: Actor, sessionId: number): Promise<WriteResult<MyStage>> {
      requireLiveKit();
      if (actor.staff) throw new AppError('bad_request', 'staff take part through their role, not by raising a hand');
      return db.write(async (tx) => {
        await requireLiveSession(tx, sessionId);
        await raiseHand(tx, sessionId, actor.residentId, residentTag(actor.residentId), clock());
        const stage = await findStage(tx, sessionId, actor.residentId);
        const notice = mine(sessionId, actor.residentId, stage);
        return { result: notice.payload as MyStage, notices: await staffNotices(tx, sessionId, [notice]) };
      });
    },

    /** Lowering the hand also ends an invitation: the resident stops publishing at once. */
    async lowerHand(actor: Actor, sessionId: number): Promise<WriteResult<MyStage>> {
      requireLiveKit();
      const { written, wasInvited } = await db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        const before = await findStage(tx, sessionId, actor.residentId);
        await deleteStage(tx, sessionId, actor.residentId);
        if (before.invited) {
          await audit(tx, session.unitId, sessionId, actor, 'media.revoke', { residentTag: residentTag(actor.residentId), reason: 'hand_lowered' });
        }
        const notice = mine(sessionId, actor.residentId, NO_STAGE);
        return { written: { result: notice.payload as MyStage, notices: await staffNotices(tx, sessionId, [notice]) }, wasInvited: before.invited };
      });
      if (wasInvited) await applyStage(sessionId, residentTag(actor.residentId), NO_STAGE);
      return written;
    },

    async invite(actor: Actor, { sessionId, residentTag: tag }: StageTarget): Promise<WriteResult<StageChange>> {
      return changeStage(actor, sessionId, tag, 'invite');
    },

    async dismiss(actor: Actor, { sessionId, residentTag: tag }: StageTarget): Promise<WriteResult<StageChange>> {
      return changeStage(actor, sessionId, tag, 'dismiss');
    },

    async muteTrack(actor: Actor, { sessionId, identity, trackSid }: TrackMuteInput): Promise<null> {
      const session = await db.read((tx) => requireSession(tx, sessionId));
      authorize(actor, 'media:moderate', session.unitId);
      const gateway = requireLiveKit();
      try {
        await gateway.muteTrack(roomNameOf(sessionId), identity, trackSid);
      } catch (error) {
        if (isNotFound(error)) throw new AppError('not_found', 'that participant or track is not in the room');
        logger.error({ sessionId, livekitError: describeLiveKitError(error) }, 'live video: LiveKit refused to mute a track');
        throw new AppError('unavailable', 'LiveKit could not mute the track; try again');
      }
      await db.write((tx) => audit(tx, session.unitId, sessionId, actor, 'media.mute', { identity, trackSid }));
      return null;
    },

    /** Removes a participant from the room and keeps them out: they get no new token for this session. */
    async removeParticipant(actor: Actor, { sessionId, identity }: ParticipantRemoveInput): Promise<WriteResult<StageChange>> {
      const session = await db.read((tx) => requireSession(tx, sessionId));
      authorize(actor, 'media:moderate', session.unitId);
      const gateway = requireLiveKit();
      let livekitResult: StageChange['livekit'] = 'applied';
      try {
        await gateway.removeParticipant(roomNameOf(sessionId), identity, clock());
      } catch (error) {
        if (!isNotFound(error)) {
          logger.error({ sessionId, livekitError: describeLiveKitError(error) }, 'live video: LiveKit refused to remove a participant');
          throw new AppError('unavailable', 'LiveKit could not remove the participant; try again');
        }
        livekitResult = 'not_connected';
      }
      return db.write(async (tx) => {
        await markRemoved(tx, sessionId, identity, actorLabel(actor), clock());
        const tag = residentTagOf(identity);
        const onStage = tag ? await findStageByTag(tx, sessionId, tag) : undefined;
        const extra = onStage ? [mine(sessionId, onStage.residentId, NO_STAGE)] : [];
        if (onStage) await deleteStage(tx, sessionId, onStage.residentId);
        await audit(tx, session.unitId, sessionId, actor, 'media.remove', { identity });
        return { result: { hands: await listHands(tx, sessionId), livekit: livekitResult }, notices: await staffNotices(tx, sessionId, extra) };
      });
    },

    async listStreamTargets(actor: Actor, sessionId: number): Promise<StreamTarget[]> {
      return db.read(async (tx) => {
        authorize(actor, 'media:manage', (await requireSession(tx, sessionId)).unitId);
        return listStreamTargets(tx, sessionId);
      });
    },

    /** Replaces the restream destinations; they are used from the next time the session goes live. */
    async setStreamTargets(actor: Actor, sessionId: number, input: StreamTargetsInput): Promise<WriteResult<StreamTarget[]>> {
      return db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'media:manage', session.unitId);
        const stored = await storedStreamKeys(tx, sessionId);
        const targets = input.targets.map(({ platform, rtmpUrl, streamKey, keepKeyOf }) => {
          const key = streamKey ?? stored.get(keepKeyOf!);
          if (key === undefined) throw new AppError('bad_request', `destination ${keepKeyOf} is not saved for this session: give its stream key`);
          return { platform, rtmpUrl, streamKey: key };
        });
        await replaceStreamTargets(tx, sessionId, targets, clock());
        await audit(tx, session.unitId, sessionId, actor, 'media.stream_targets', {
          platforms: input.targets.map((target) => target.platform),
        });
        return { result: await listStreamTargets(tx, sessionId), notices: await staffNotices(tx, sessionId) };
      });
    },

    async listIngress(actor: Actor, sessionId: number): Promise<Ingress[]> {
      return db.read(async (tx) => {
        authorize(actor, 'media:manage', (await requireSession(tx, sessionId)).unitId);
        return listIngress(tx, sessionId);
      });
    },

    /** An RTMP or WHIP input for OBS that publishes into the session's room as an official would. */
    async createIngress(actor: Actor, sessionId: number, { type }: IngressCreateInput): Promise<Ingress> {
      const session = await db.read((tx) => requireSession(tx, sessionId));
      authorize(actor, 'media:manage', session.unitId);
      const gateway = requireLiveKit();
      let created;
      try {
        created = await gateway.createIngress({ type, room: roomNameOf(sessionId), identity: `staff-obs-${sessionId}`, name: 'OBS' });
      } catch (error) {
        logger.error({ sessionId, livekitError: describeLiveKitError(error) }, 'live video: LiveKit could not create an ingress');
        throw new AppError('unavailable', `LiveKit could not create the ${type.toUpperCase()} input: ${describeLiveKitError(error)}`);
      }
      return db.write(async (tx) => {
        await insertIngress(tx, sessionId, { ...created, type }, clock());
        await audit(tx, session.unitId, sessionId, actor, 'media.ingress_create', { ingressId: created.ingressId, type });
        const all = await listIngress(tx, sessionId);
        return all.find((ingress) => ingress.ingressId === created.ingressId)!;
      });
    },
  };

  async function changeStage(actor: Actor, sessionId: number, tag: string, action: 'invite' | 'dismiss'): Promise<WriteResult<StageChange>> {
    // Who may act comes first: nobody learns whether video is configured or live without the right to act.
    authorize(actor, 'media:moderate', (await db.read((tx) => requireSession(tx, sessionId))).unitId);
    requireLiveKit();
    const { stage, notices } = await db.write(async (tx) => {
      const session = await requireLiveSession(tx, sessionId);
      const hand = await findStageByTag(tx, sessionId, tag);
      if (!hand) throw new AppError('wrong_state', 'that resident has not raised a hand');
      if (action === 'invite') {
        await setInvited(tx, sessionId, hand.residentId, actorLabel(actor), clock());
      } else {
        await deleteStage(tx, sessionId, hand.residentId);
      }
      await audit(tx, session.unitId, sessionId, actor, `media.${action}`, { residentTag: tag });
      const after = await findStage(tx, sessionId, hand.residentId);
      return { stage: after, notices: await staffNotices(tx, sessionId, [mine(sessionId, hand.residentId, after)]) };
    });
    const livekitResult = await applyStage(sessionId, tag, stage);
    const hands = await db.read((tx) => listHands(tx, sessionId));
    return { result: { hands, livekit: livekitResult }, notices };
  }
}
export type MediaService = ReturnType<typeof createMediaService>;
