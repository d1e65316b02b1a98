import type { Ack } from '../../../../shared/errors.ts';
import type {
  Ingress,
  MediaStatus,
  MyStage,
  SessionMedia,
  StageChange,
  StreamTarget,
  StreamTargetsInput,
} from '../../../../shared/schemas/media.ts';
import { Action } from '../core/action.svelte.ts';
import type { LiveRoom, MediaRoom } from './index.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';
import type { LiveRoomOptions } from './media-room.ts';
import { command, getSocket } from '../core/socket.ts';

/**
 * The pages' side of live video that is not LiveKit itself: whether the server has it, the staff view of a
 * session's media (kept whole from `media:changed`), a resident's own hand (`stage:mine`), and the admin calls.
 * LiveKit's room is the media library's (`./media/`); this only hands it a token source.
 */

let enabled: Promise<boolean> | null = null;

/** Whether this server has live video; asked once per page load (a failed answer is asked again next time). */
export function mediaEnabled(): Promise<boolean> {
  enabled ??= call(PATHS.media.status).then((ack) => {
    if (ack.ok) return ack.data.enabled;
    enabled = null;
    return false;
  });
  return enabled;
}

export const mediaApi = {
  sessionMedia: (sessionId: number) => call(PATHS.media.sessionMedia, { params: { id: sessionId } }),
  streamTargets: (sessionId: number) => call(PATHS.media.streamTargets, { params: { id: sessionId } }),
  /** Replaces the whole list; keys are write-only, so every target is sent with its key again. */
  saveStreamTargets: (sessionId: number, input: StreamTargetsInput) => call(PATHS.media.setStreamTargets, { params: { id: sessionId }, body: input }),
  ingress: (sessionId: number) => call(PATHS.media.ingress, { params: { id: sessionId } }),
  createIngress: (sessionId: number, type: 'rtmp' | 'whip') => call(PATHS.media.createIngress, { params: { id: sessionId }, body: { type } }),
};

/**
 * Opens (but does not connect) the session's LiveKit room, fetching each join token with `media:token`. It loads
 * livekit-client only now: a resident on a server without live video, or before the session is live, never
 * downloads it.
 */
export async function loadLiveRoom(sessionId: number, options: LiveRoomOptions = {}): Promise<LiveRoom> {
  return (await import('./media-room.ts')).openLiveRoom(sessionId, options);
}

export interface ParticipantTracks {
  identity: string;
  name: string;
  role: string;
  tracks: Array<{ trackSid: string; source: string; muted: boolean }>;
}

/** The remote participants that publish something, for the moderator's mute and remove buttons. */
export function publishingParticipants(room: MediaRoom): ParticipantTracks[] {
  return [...room.remoteParticipants.values()]
    .map((p) => ({
      identity: p.identity,
      name: p.name ?? '',
      role: p.attributes.role ?? 'resident',
      tracks: [...p.trackPublications.values()].map((pub) => ({ trackSid: pub.trackSid, source: pub.source, muted: pub.isMuted })),
    }))
    .filter((p) => p.tracks.length > 0)
    .sort((a, b) => a.identity.localeCompare(b.identity));
}

/** One session's live state as a page holds it: the action under way, its error, and the socket listeners `close` drops. */
abstract class SessionActions extends Action {
  readonly sessionId: number;
  #detach: () => void = () => {};

  constructor(sessionId: number) {
    super();
    this.sessionId = sessionId;
  }

  protected detachOnClose(detach: () => void): void {
    this.#detach = detach;
  }

  close(): void {
    this.#detach();
  }
}

/** A session's media as staff see it: loaded once, then replaced whole by each `media:changed`, reloaded on reconnect. */
export class StaffMedia extends SessionActions {
  media = $state.raw<SessionMedia | null>(null);

  constructor(sessionId: number) {
    super(sessionId);
    const socket = getSocket();
    const onChanged = (media: SessionMedia) => {
      if (media.sessionId === this.sessionId) this.media = media;
    };
    const onConnect = () => void this.load();
    socket.on('media:changed', onChanged);
    socket.on('connect', onConnect);
    void this.load();
    this.detachOnClose(() => {
      socket.off('media:changed', onChanged);
      socket.off('connect', onConnect);
    });
  }

  async load(): Promise<void> {
    const ack = await mediaApi.sessionMedia(this.sessionId);
    if (ack.ok) this.media = ack.data;
    else this.error = ack.error;
  }

  #act(call: () => Promise<Ack<StageChange | null>>): Promise<boolean> {
    return this.run(call, (change) => {
      if (change && this.media) this.media = { ...this.media, hands: change.hands };
    });
  }

  invite = (residentTag: string) => this.#act(() => command('stage:invite', { sessionId: this.sessionId, residentTag }));
  dismiss = (residentTag: string) => this.#act(() => command('stage:dismiss', { sessionId: this.sessionId, residentTag }));
  mute = (identity: string, trackSid: string) => this.#act(() => command('track:mute', { sessionId: this.sessionId, identity, trackSid }));
  remove = (identity: string) => this.#act(() => command('participant:remove', { sessionId: this.sessionId, identity }));
}

/** A resident's own hand and place on stage. The server sends `stage:mine` on every change, to all their tabs. */
export class ResidentStage extends SessionActions {
  stage = $state.raw<MyStage | null>(null);

  constructor(sessionId: number) {
    super(sessionId);
    const socket = getSocket();
    const onMine = (stage: MyStage) => {
      if (stage.sessionId === this.sessionId) this.stage = stage;
    };
    socket.on('stage:mine', onMine);
    this.detachOnClose(() => socket.off('stage:mine', onMine));
    // After a reload the hand may still be up: ask once; a `stage:mine` arriving meanwhile wins.
    void call(PATHS.media.myStage, { params: { id: sessionId } }).then((ack) => {
      if (ack.ok && !this.stage) this.stage = ack.data;
    });
  }

  get raised(): boolean {
    return this.stage?.handRaised ?? false;
  }

  async toggle(): Promise<void> {
    await this.run(
      () => command(this.raised ? 'hand:lower' : 'hand:raise', { sessionId: this.sessionId }),
      (stage) => (this.stage = stage),
    );
  }
}
