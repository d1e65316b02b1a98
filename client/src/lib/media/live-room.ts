import { DisconnectReason, Room, RoomEvent, type RoomOptions } from 'livekit-client';
import { layoutTiles, type AudioSource, type ParticipantView, type Tile } from './layout.ts';
import { MediaState, type ReadonlyState } from './state.svelte.ts';

/** The few parts of LiveKit's Room this module uses, so tests can hand it a fake that emits the real events. */
export interface MediaRoom {
  readonly canPlaybackAudio: boolean;
  readonly localParticipant: MediaLocalParticipant;
  readonly remoteParticipants: ReadonlyMap<string, MediaParticipant>;
  connect(url: string, token: string): Promise<void>;
  disconnect(): Promise<void>;
  startAudio(): Promise<void>;
  on(event: RoomEvent, listener: RoomListener): unknown;
  off(event: RoomEvent, listener: RoomListener): unknown;
}

// LiveKit's listeners each take their own arguments; Room's typed emitter and Node's EventEmitter both accept this.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RoomListener = (...args: any[]) => void;

export interface MediaParticipant {
  readonly identity: string;
  readonly name?: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly trackPublications: ReadonlyMap<string, MediaPublication>;
}

export interface MediaPublication {
  readonly trackSid: string;
  readonly source: string;
  readonly kind: string;
  readonly isMuted: boolean;
  readonly track?: unknown;
  setSubscribed?(subscribed: boolean): void;
}

export interface MediaLocalParticipant extends MediaParticipant {
  readonly permissions?: { canPublish: boolean };
  setMicrophoneEnabled(enabled: boolean, options?: { deviceId?: string }): Promise<unknown>;
  setCameraEnabled(enabled: boolean, options?: { deviceId?: string }): Promise<unknown>;
  setScreenShareEnabled(enabled: boolean, options?: { audio?: boolean }): Promise<unknown>;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'reconnected' | 'disconnected';

export interface LiveRoomState {
  connection: ConnectionStatus;
  /** Why the room closed: the viewer left, a moderator removed them, the session ended, or reconnecting gave up. */
  ended: 'left' | 'removed' | 'ended' | 'failed' | null;
  quality: 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';
  /** The browser blocked autoplay: show a "click to start sound" button that calls `startAudio()`. */
  needsAudioStart: boolean;
  audioOnly: boolean;
  canPublish: boolean;
  publishing: { camera: boolean; microphone: boolean; screen: boolean };
  tiles: Tile[];
  audio: AudioSource[];
}

/** Expected trouble with cameras, microphones and screens; the page shows it, nothing is thrown. */
export interface MediaDeviceError {
  kind: 'permission-denied' | 'device-not-found' | 'device-in-use' | 'cancelled' | 'other';
  device: 'camera' | 'microphone' | 'screen';
  error: unknown;
}

export function classifyDeviceError(error: unknown, device: MediaDeviceError['device']): MediaDeviceError {
  const name = error instanceof Error ? error.name : '';
  const kind: MediaDeviceError['kind'] =
    name === 'NotAllowedError' || name === 'SecurityError'
      ? device === 'screen'
        ? 'cancelled'
        : 'permission-denied'
      : name === 'NotFoundError' || name === 'OverconstrainedError'
        ? 'device-not-found'
        : name === 'NotReadableError' || name === 'AbortError'
          ? 'device-in-use'
          : 'other';
  return { kind, device, error };
}

export interface LiveRoomOptions {
  /** Asks the server for a fresh `{ url, token }` (the `media:token` command); called again to reconnect. */
  fetchToken: () => Promise<{ url: string; token: string }>;
  onError?: (error: MediaDeviceError) => void;
  /** When the server lets this participant publish (invited on stage), turn on microphone and camera. */
  publishWhenInvited?: boolean;
  /** Waits before each new attempt after LiveKit gave up reconnecting by itself. */
  retryDelaysMs?: number[];
  createRoom?: (options: RoomOptions) => MediaRoom;
}

const ENDED_BY: Partial<Record<DisconnectReason, LiveRoomState['ended']>> = {
  [DisconnectReason.CLIENT_INITIATED]: 'left',
  [DisconnectReason.PARTICIPANT_REMOVED]: 'removed',
  [DisconnectReason.ROOM_DELETED]: 'ended',
  [DisconnectReason.ROOM_CLOSED]: 'ended',
  [DisconnectReason.DUPLICATE_IDENTITY]: 'left',
};

function view(participant: MediaParticipant, isLocal: boolean): ParticipantView {
  return {
    identity: participant.identity,
    name: participant.name ?? '',
    role: participant.attributes.role ?? 'resident',
    isLocal,
    publications: [...participant.trackPublications.values()].map((pub) => ({
      trackSid: pub.trackSid,
      source: pub.source,
      kind: pub.kind,
      muted: pub.isMuted,
      track: pub.track,
    })),
  };
}

/**
 * Watches a session's LiveKit room for one page: connection and reconnection, the layout of the officials'
 * tracks, sound that autoplay blocked, the audio-only switch, and publishing when the viewer is invited on stage.
 */
export function setupLiveRoom(options: LiveRoomOptions) {
  const {
    fetchToken,
    onError = () => undefined,
    publishWhenInvited = true,
    retryDelaysMs = [1000, 3000, 10_000],
    createRoom = (roomOptions) => new Room(roomOptions) as unknown as MediaRoom,
  } = options;
  const state = new MediaState<LiveRoomState>({
    connection: 'idle',
    ended: null,
    quality: 'unknown',
    needsAudioStart: false,
    audioOnly: false,
    canPublish: false,
    publishing: { camera: false, microphone: false, screen: false },
    tiles: [],
    audio: [],
  });
  // Adaptive stream sends each viewer only the resolution its video element shows; dynacast stops layers nobody watches.
  const room = createRoom({ adaptiveStream: true, dynacast: true });
  let leaving = false;
  let attempt = 0;

  function refresh(): void {
    const participants = [view(room.localParticipant, true), ...[...room.remoteParticipants.values()].map((p) => view(p, false))];
    const local = room.localParticipant;
    const published = (source: string) => [...local.trackPublications.values()].some((pub) => pub.source === source && !pub.isMuted);
    state.update({
      ...layoutTiles(participants),
      canPublish: local.permissions?.canPublish ?? false,
      publishing: { camera: published('camera'), microphone: published('microphone'), screen: published('screen_share') },
      needsAudioStart: !room.canPlaybackAudio,
    });
  }

  async function device(kind: MediaDeviceError['device'], action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      onError(classifyDeviceError(error, kind));
    } finally {
      refresh();
    }
  }

  function applyAudioOnly(): void {
    for (const participant of room.remoteParticipants.values()) {
      for (const pub of participant.trackPublications.values()) {
        if (pub.kind === 'video') pub.setSubscribed?.(!state.current.audioOnly);
      }
    }
  }

  async function join(): Promise<void> {
    state.update({ connection: 'connecting', ended: null });
    const { url, token } = await fetchToken();
    await room.connect(url, token);
    attempt = 0;
    state.update({ connection: 'connected' });
    applyAudioOnly();
    refresh();
  }

  async function retry(): Promise<void> {
    const delay = retryDelaysMs[attempt];
    attempt += 1;
    if (delay === undefined) {
      state.update({ connection: 'disconnected', ended: 'failed' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (leaving) return;
    await join().catch(retry);
  }

  const listeners: Array<[RoomEvent, RoomListener]> = [
    [RoomEvent.Reconnecting, () => state.update({ connection: 'reconnecting' })],
    [RoomEvent.SignalReconnecting, () => state.update({ connection: 'reconnecting' })],
    [RoomEvent.Reconnected, () => state.update({ connection: 'reconnected' })],
    [
      RoomEvent.Disconnected,
      (reason?: DisconnectReason) => {
        const ended = leaving ? 'left' : reason === undefined ? undefined : ENDED_BY[reason];
        state.update({ connection: 'disconnected', ended: ended ?? null, tiles: [], audio: [], canPublish: false });
        if (!ended) void retry();
      },
    ],
    [RoomEvent.AudioPlaybackStatusChanged, () => state.update({ needsAudioStart: !room.canPlaybackAudio })],
    [
      RoomEvent.ConnectionQualityChanged,
      (quality: LiveRoomState['quality'], participant: MediaParticipant) => {
        if (participant.identity === room.localParticipant.identity) state.update({ quality });
      },
    ],
    [
      RoomEvent.ParticipantPermissionsChanged,
      (previous: { canPublish: boolean } | undefined, participant: MediaParticipant) => {
        if (participant.identity !== room.localParticipant.identity) return;
        const now = room.localParticipant.permissions?.canPublish ?? false;
        const before = previous?.canPublish ?? false;
        refresh();
        if (now && !before && publishWhenInvited) {
          void device('microphone', () => room.localParticipant.setMicrophoneEnabled(true));
          void device('camera', () => room.localParticipant.setCameraEnabled(true));
        } else if (!now && before) {
          // The server has already stopped the tracks; this releases the camera and microphone too.
          void room.localParticipant.setCameraEnabled(false).catch(() => undefined).finally(refresh);
          void room.localParticipant.setMicrophoneEnabled(false).catch(() => undefined).finally(refresh);
        }
      },
    ],
    [
      RoomEvent.TrackPublished,
      (publication: MediaPublication) => {
        if (publication.kind === 'video' && state.current.audioOnly) publication.setSubscribed?.(false);
        refresh();
      },
    ],
    [RoomEvent.MediaDevicesError, (error: Error) => onError(classifyDeviceError(error, 'camera'))],
    ...(
      [
        RoomEvent.ParticipantConnected,
        RoomEvent.ParticipantDisconnected,
        RoomEvent.ParticipantAttributesChanged,
        RoomEvent.TrackSubscribed,
        RoomEvent.TrackUnsubscribed,
        RoomEvent.TrackUnpublished,
        RoomEvent.TrackMuted,
        RoomEvent.TrackUnmuted,
        RoomEvent.LocalTrackPublished,
        RoomEvent.LocalTrackUnpublished,
      ] as const
    ).map((event): [RoomEvent, () => void] => [event, refresh]),
  ];
  for (const [event, listener] of listeners) room.on(event, listener);

  return {
    state: state as ReadonlyState<LiveRoomState>,
    room,
    /** Connects; a failure to reach LiveKit is retried like a dropped connection. */
    async connect(): Promise<void> {
      leaving = false;
      await join().catch(retry);
    },
    async leave(): Promise<void> {
      leaving = true;
      await room.disconnect();
      for (const [event, listener] of listeners) room.off(event, listener);
    },
    /** Call from a click: browsers allow sound to start only after the user did something. */
    async startAudio(): Promise<void> {
      await room.startAudio();
      state.update({ needsAudioStart: !room.canPlaybackAudio });
    },
    /** Stops receiving video (sound only) to save a weak connection, or turns it back on. */
    setAudioOnly(audioOnly: boolean): void {
      state.update({ audioOnly });
      applyAudioOnly();
      refresh();
    },
    setMicrophone: (enabled: boolean) => device('microphone', () => room.localParticipant.setMicrophoneEnabled(enabled)),
    setCamera: (enabled: boolean) => device('camera', () => room.localParticipant.setCameraEnabled(enabled)),
    setScreenShare: (enabled: boolean) => device('screen', () => room.localParticipant.setScreenShareEnabled(enabled, { audio: true })),
  };
}
export type LiveRoom = ReturnType<typeof setupLiveRoom>;
