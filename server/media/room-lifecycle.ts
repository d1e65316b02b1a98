import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.ts';
import type { Session, SessionState } from '../../shared/schemas/session.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import type { Notice } from '../core/notices.ts';
import { findSession } from '../sessions/sessions.repository.ts';
import { WebhookRejected, describeLiveKitError, isNotFound, type LiveKitGateway, type MediaEvent } from './livekit.ts';
import {
  activeEgressIds,
  addParticipant,
  clearParticipants,
  clearStage,
  findStageByTag,
  insertEgress,
  noteRoomError,
  recountAudience,
  rememberEvent,
  removeParticipantRow,
  setIngressStatus,
  setRoomStatus,
  streamTargetUrls,
  updateEgress,
  upsertRoom,
} from './media.repository.ts';
import { mediaChanged, readSessionMedia } from './media.status.ts';
import { NO_STAGE, ROOM_EMPTY_TIMEOUT_SECONDS, grantsFor, isAudience, residentIdentity, residentTagOf, roomNameOf, sessionIdOfRoom } from './rules.ts';

/** Where the archive's recording is written, in the egress service's storage; LiveKit fills in `{time}`. */
export function recordingPath(sessionId: number): string {
  return `toa-dam/session-${sessionId}/{time}.mp4`;
}

/** Stream keys sit inside the RTMP addresses LiveKit may echo in an error; they never reach a log or a page. */
function redact(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join('••••') : out), text);
}

/**
 * What happens around the room on LiveKit's side: opened with recording and restreams when a session goes live,
 * closed when it ends, and LiveKit's webhooks recorded. Nothing here can stop a session from going live.
 */
export function createRoomLifecycle(deps: {
  db: Database;
  clock: Clock;
  livekit: LiveKitGateway;
  logger: Logger;
  publish: (notices: Notice[]) => void;
  /** Waits before each new attempt to open a room; after the last, the session stays live without video. */
  roomRetryDelaysMs: readonly number[];
}) {
  const { db, clock, livekit, logger, publish, roomRetryDelaysMs } = deps;
  const running = new Set<Promise<void>>();
  // A shutdown cuts short the wait before the next attempt instead of waiting it out.
  const stopping = new AbortController();

  async function publishStatus(sessionId: number): Promise<void> {
    publish([mediaChanged(await readSessionMedia(db, sessionId, true))]);
  }

  async function fail(sessionId: number, what: string, error: unknown, secrets: string[] = []): Promise<void> {
    const message = redact(`${what}: ${describeLiveKitError(error)}`, secrets);
    logger.error({ sessionId, livekitError: message }, `live video: ${what} for session ${sessionId}; the session goes on without it`);
    await db.write((tx) => noteRoomError(tx, sessionId, message, clock()));
  }

  /**
   * Creates the session's room, trying again after each of `roomRetryDelaysMs` while the session is still live: a
   * LiveKit node restarting or a network blip at the start of a town hall should not leave it without video when
   * nobody on the ward's staff can intervene. Staff see each failure and the next attempt as they happen.
   */
  async function createRoomWithRetries(session: Session, room: string): Promise<boolean> {
    const create = () =>
      livekit.createRoom({ room, emptyTimeoutSeconds: ROOM_EMPTY_TIMEOUT_SECONDS, metadata: JSON.stringify({ sessionId: session.id, theme: session.theme }) });
    for (let attempt = 0; ; attempt += 1) {
      try {
        await create();
        return true;
      } catch (error) {
        const message = `could not create the LiveKit room: ${describeLiveKitError(error)}`;
        const wait = roomRetryDelaysMs[attempt];
        if (wait === undefined || stopping.signal.aborted) {
          logger.error({ sessionId: session.id, room, livekitError: message }, `live video: ${message} (session ${session.id} is live without video)`);
          await db.write((tx) => upsertRoom(tx, session.id, { name: room, status: 'failed', error: message }, clock()));
          return false;
        }
        const retrying = `${message}; trying again in ${Number((wait / 1000).toFixed(1))} s (attempt ${attempt + 2} of ${roomRetryDelaysMs.length + 1})`;
        logger.warn({ sessionId: session.id, room, livekitError: message }, `live video: ${retrying}`);
        await db.write((tx) => upsertRoom(tx, session.id, { name: room, status: 'creating', error: retrying }, clock()));
        await publishStatus(session.id);
        await sleep(wait, undefined, { signal: stopping.signal }).catch(() => undefined);
        if (stopping.signal.aborted) {
          await db.write((tx) => upsertRoom(tx, session.id, { name: room, status: 'failed', error: `${message}; the server stopped before trying again` }, clock()));
          return false;
        }
        // A session that ended while we waited has had its room closed already: no room for it now.
        if ((await findSession(db, session.id))?.state !== 'live') return false;
      }
    }
  }

  async function openRoom(session: Session): Promise<void> {
    const room = roomNameOf(session.id);
    await db.write((tx) => upsertRoom(tx, session.id, { name: room, status: 'creating', error: null }, clock()));
    if (!(await createRoomWithRetries(session, room))) return;
    await db.write((tx) => upsertRoom(tx, session.id, { name: room, status: 'open', error: null }, clock()));
    try {
      const recording = await livekit.startRecording(room, recordingPath(session.id));
      await db.write((tx) => insertEgress(tx, session.id, 'recording', recording, clock()));
    } catch (error) {
      await fail(session.id, 'could not start the recording', error);
    }
    const { urls, keys } = await streamTargetUrls(db, session.id);
    if (urls.length === 0) return;
    try {
      const restream = await livekit.startRestream(room, urls);
      await db.write((tx) => insertEgress(tx, session.id, 'restream', restream, clock()));
    } catch (error) {
      await fail(session.id, 'could not start the restream', error, keys);
    }
  }

  async function closeRoom(session: Session): Promise<void> {
    const room = roomNameOf(session.id);
    const { keys } = await streamTargetUrls(db, session.id);
    for (const egressId of await activeEgressIds(db, session.id)) {
      try {
        const stopped = await livekit.stopEgress(egressId);
        await db.write((tx) => updateEgress(tx, stopped, clock()));
      } catch (error) {
        await fail(session.id, `could not stop egress ${egressId}`, error, keys);
      }
    }
    try {
      await livekit.deleteRoom(room);
    } catch (error) {
      // A room LiveKit already closed (empty timeout) is what we wanted anyway.
      if (!isNotFound(error)) await fail(session.id, 'could not close the LiveKit room', error);
    }
    await db.write(async (tx) => {
      await setRoomStatus(tx, session.id, room, 'closed', clock());
      await clearParticipants(tx, session.id);
      await clearStage(tx, session.id);
      await recountAudience(tx, session.id, clock());
    });
  }

  function track(sessionId: number, task: () => Promise<void>): void {
    const run = task()
      .then(() => publishStatus(sessionId))
      .catch((error: unknown) => logger.error({ err: error, sessionId }, 'live video: unexpected failure around the LiveKit room'));
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  /** Applies one verified event inside the write; returns the session it concerned and any follow-up. */
  async function apply(tx: Tx, event: MediaEvent): Promise<{ sessionId: number | null; revokeTag: string | null }> {
    const now = clock();
    const sessionId = event.room ? sessionIdOfRoom(event.room) : null;
    switch (event.event) {
      case 'room_started':
      case 'room_finished':
        if (sessionId === null) break;
        await setRoomStatus(tx, sessionId, roomNameOf(sessionId), event.event === 'room_started' ? 'open' : 'closed', now);
        if (event.event === 'room_finished') await clearParticipants(tx, sessionId);
        await recountAudience(tx, sessionId, now);
        break;
      case 'participant_joined':
      case 'participant_left':
      case 'participant_connection_aborted':
        if (sessionId === null || !event.identity || !isAudience(event.identity)) break;
        if (event.event === 'participant_joined') await addParticipant(tx, sessionId, event.identity, now);
        else await removeParticipantRow(tx, sessionId, event.identity);
        await recountAudience(tx, sessionId, now);
        break;
      case 'track_published': {
        // The grants already forbid it; should a resident still publish without being on stage, take it back.
        const tag = event.identity ? residentTagOf(event.identity) : null;
        if (sessionId === null || !tag) break;
        const hand = await findStageByTag(tx, sessionId, tag);
        return { sessionId, revokeTag: hand?.invited ? null : tag };
      }
      case 'egress_started':
      case 'egress_updated':
      case 'egress_ended':
        return { sessionId: event.egress ? await updateEgress(tx, event.egress, now) : null, revokeTag: null };
      case 'ingress_started':
      case 'ingress_ended':
        return {
          sessionId: event.ingress ? await setIngressStatus(tx, event.ingress.ingressId, event.event === 'ingress_started' ? 'started' : 'ended', now) : null,
          revokeTag: null,
        };
      default:
        break;
    }
    return { sessionId, revokeTag: null };
  }

  return {
    /** The sessions service's state listener: runs after the commit and never blocks or fails the transition. */
    onStateChanged(session: Session, from: SessionState): void {
      if (session.state === 'live' && from !== 'live') track(session.id, () => openRoom(session));
      else if (session.state === 'ended' && from === 'live') track(session.id, () => closeRoom(session));
    },

    /** Verifies and applies a webhook once; false when its id was seen before. */
    async receiveWebhook(body: string, authorization: string | undefined): Promise<boolean> {
      let event: MediaEvent;
      try {
        event = await livekit.receiveWebhook(body, authorization);
      } catch (error) {
        if (error instanceof WebhookRejected) throw new AppError('unauthenticated', 'webhook signature or body hash does not match');
        throw error;
      }
      if (!event.id) throw new AppError('bad_request', 'webhook event has no id');
      const outcome = await db.write(async (tx) => ((await rememberEvent(tx, event.id, event.event, clock())) ? apply(tx, event) : null));
      if (!outcome) return false;
      if (outcome.sessionId !== null && outcome.revokeTag) {
        const { sessionId, revokeTag } = outcome;
        logger.warn({ sessionId, residentTag: revokeTag }, 'live video: a resident published without being on stage; revoking');
        await livekit
          .setPermission(roomNameOf(sessionId), residentIdentity(revokeTag), grantsFor('resident', NO_STAGE))
          .catch((error: unknown) => logger.error({ sessionId, livekitError: describeLiveKitError(error) }, 'live video: could not revoke publishing'));
      }
      if (outcome.sessionId !== null) await publishStatus(outcome.sessionId);
      return true;
    },

    /** Waits for the room work under way, so a shutdown does not cut it off halfway. */
    async drain(): Promise<void> {
      stopping.abort();
      await Promise.allSettled([...running]);
    },
  };
}
export type RoomLifecycle = ReturnType<typeof createRoomLifecycle>;
