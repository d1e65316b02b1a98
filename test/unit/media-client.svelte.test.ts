import { EventEmitter } from 'node:events';
import { ConnectionQuality, DisconnectReason, RoomEvent } from 'livekit-client';
import { describe, expect, it, vi } from 'vitest';
import { externalStreamEmbed } from '../../client/src/lib/media/external-stream.ts';
import { setupLiveRoom, type LiveRoomState, type MediaDeviceError, type MediaPublication } from '../../client/src/lib/media/live-room.ts';
import { setupStudio, type StudioDevices } from '../../client/src/lib/media/studio.ts';

class FakePublication implements MediaPublication {
  subscribed = true;
  constructor(
    readonly trackSid: string,
    readonly source: string,
    readonly kind: string,
    public isMuted = false,
    public track: unknown = { sid: trackSid },
  ) {}
  setSubscribed(subscribed: boolean): void {
    this.subscribed = subscribed;
  }
}

class FakeParticipant {
  trackPublications = new Map<string, FakePublication>();
  constructor(
    readonly identity: string,
    readonly name: string,
    readonly attributes: Record<string, string>,
  ) {}
  publish(pub: FakePublication): this {
    this.trackPublications.set(pub.trackSid, pub);
    return this;
  }
}

class FakeLocalParticipant extends FakeParticipant {
  permissions = { canPublish: false };
  calls: string[] = [];
  fail: Partial<Record<'camera' | 'microphone', Error>> = {};

  private async toggle(source: 'camera' | 'microphone', enabled: boolean, options?: { deviceId?: string }) {
    this.calls.push(`${source}:${enabled}${options?.deviceId ? `@${options.deviceId}` : ''}`);
    if (enabled && this.fail[source]) throw this.fail[source];
    if (enabled) this.publish(new FakePublication(`TR_local_${source}`, source, source === 'camera' ? 'video' : 'audio'));
    else this.trackPublications.delete(`TR_local_${source}`);
  }
  setCameraEnabled(enabled: boolean, options?: { deviceId?: string }) {
    return this.toggle('camera', enabled, options);
  }
  setMicrophoneEnabled(enabled: boolean, options?: { deviceId?: string }) {
    return this.toggle('microphone', enabled, options);
  }
  async setScreenShareEnabled(enabled: boolean) {
    this.calls.push(`screen:${enabled}`);
  }
}

/** Stands in for livekit-client's Room: same event names, the state the module reads, no network. */
class FakeRoom extends EventEmitter {
  canPlaybackAudio = true;
  localParticipant = new FakeLocalParticipant('resident-abcdEF12', '', { role: 'resident' });
  remoteParticipants = new Map<string, FakeParticipant>();
  tokens: string[] = [];
  options: unknown;
  async connect(_url: string, token: string) {
    this.tokens.push(token);
  }
  async disconnect() {
    this.emit(RoomEvent.Disconnected, DisconnectReason.CLIENT_INITIATED);
  }
  async startAudio() {
    this.canPlaybackAudio = true;
  }
  join(participant: FakeParticipant) {
    this.remoteParticipants.set(participant.identity, participant);
    this.emit(RoomEvent.ParticipantConnected, participant);
  }
}

async function connected(options: { errors?: MediaDeviceError[] } = {}) {
  const room = new FakeRoom();
  let n = 0;
  const fetchToken = vi.fn(async () => ({ url: 'ws://lk.test', token: `token-${++n}` }));
  const live = setupLiveRoom({
    fetchToken,
    retryDelaysMs: [0],
    onError: (error) => options.errors?.push(error),
    createRoom: (roomOptions) => {
      room.options = roomOptions;
      return room;
    },
  });
  const seen: LiveRoomState[] = [];
  // Every state the room goes through, as a page's effect sees it.
  const unsubscribe = $effect.root(() => {
    $effect.pre(() => {
      seen.push(live.state.current);
    });
  });
  await live.connect();
  return { room, live, seen, unsubscribe, fetchToken };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('setupLiveRoom', () => {
  it('connects with adaptive stream and dynacast, and lays out the officials’ tracks first', async () => {
    const { room, live, seen } = await connected();
    expect(room.options).toEqual({ adaptiveStream: true, dynacast: true });
    expect(room.tokens).toEqual(['token-1']);
    expect(live.state.current.connection).toBe('connected');

    room.join(new FakeParticipant('resident-zz', 'Dân', { role: 'resident' }).publish(new FakePublication('TR_r1', 'camera', 'video')));
    room.join(
      new FakeParticipant('staff-2', 'Nguyễn Văn An', { role: 'official' })
        .publish(new FakePublication('TR_c1', 'camera', 'video'))
        .publish(new FakePublication('TR_m1', 'microphone', 'audio'))
        .publish(new FakePublication('TR_s1', 'screen_share', 'video')),
    );
    room.join(new FakeParticipant('staff-3', 'Moderator', { role: 'moderator' }));
    room.emit(RoomEvent.TrackSubscribed);

    const { tiles, audio } = live.state.current;
    expect(tiles.map((t) => [t.identity, t.source])).toEqual([
      ['staff-2', 'screen_share'],
      ['staff-2', 'camera'],
      ['resident-zz', 'camera'],
    ]);
    expect(audio.map((a) => a.key)).toEqual(['staff-2:TR_m1']);
    expect(seen.length).toBeGreaterThan(2);
  });

  it('stops telling a subscriber once it unsubscribed', async () => {
    const { room, seen, unsubscribe } = await connected();
    unsubscribe();
    const count = seen.length;
    room.emit(RoomEvent.Reconnecting);
    expect(seen).toHaveLength(count);
  });

  it('publishes microphone and camera when the server makes the viewer a publisher, and stops when it takes that back', async () => {
    const { room, live } = await connected();
    const local = room.localParticipant;
    local.permissions = { canPublish: true };
    room.emit(RoomEvent.ParticipantPermissionsChanged, { canPublish: false }, local);
    await flush();
    expect(local.calls).toEqual(['microphone:true', 'camera:true']);
    expect(live.state.current).toMatchObject({ canPublish: true, publishing: { camera: true, microphone: true, screen: false } });

    local.permissions = { canPublish: false };
    room.emit(RoomEvent.ParticipantPermissionsChanged, { canPublish: true }, local);
    await flush();
    expect(local.calls.slice(2).sort()).toEqual(['camera:false', 'microphone:false']);
    expect(live.state.current).toMatchObject({ canPublish: false, publishing: { camera: false, microphone: false } });
  });

  it('ignores another participant’s permission change', async () => {
    const { room } = await connected();
    room.emit(RoomEvent.ParticipantPermissionsChanged, { canPublish: false }, new FakeParticipant('staff-2', 'An', { role: 'official' }));
    await flush();
    expect(room.localParticipant.calls).toEqual([]);
  });

  it('reports a refused camera through onError instead of throwing', async () => {
    const errors: MediaDeviceError[] = [];
    const { room, live } = await connected({ errors });
    room.localParticipant.fail.camera = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    await live.setCamera(true);
    expect(errors.map((e) => [e.kind, e.device])).toEqual([['permission-denied', 'camera']]);
    expect(live.state.current.publishing.camera).toBe(false);
  });

  it('shows reconnecting and reconnected while LiveKit repairs the connection', async () => {
    const { room, live } = await connected();
    room.emit(RoomEvent.Reconnecting);
    expect(live.state.current.connection).toBe('reconnecting');
    room.emit(RoomEvent.Reconnected);
    expect(live.state.current.connection).toBe('reconnected');
  });

  it('stays disconnected when a moderator removed the viewer or the room closed', async () => {
    for (const [reason, ended] of [
      [DisconnectReason.PARTICIPANT_REMOVED, 'removed'],
      [DisconnectReason.ROOM_DELETED, 'ended'],
    ] as const) {
      const { room, live, fetchToken } = await connected();
      room.emit(RoomEvent.Disconnected, reason);
      await flush();
      expect(live.state.current).toMatchObject({ connection: 'disconnected', ended });
      expect(fetchToken).toHaveBeenCalledTimes(1);
    }
  });

  it('reconnects with a fresh token after LiveKit gave up, and says so when retrying fails too', async () => {
    const { room, live, fetchToken } = await connected();
    room.emit(RoomEvent.Disconnected, DisconnectReason.SIGNAL_CLOSE);
    expect(live.state.current.connection).not.toBe('connected');
    await flush();
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(room.tokens).toEqual(['token-1', 'token-2']);
    expect(live.state.current.connection).toBe('connected');

    fetchToken.mockRejectedValueOnce(new Error('offline'));
    room.emit(RoomEvent.Disconnected, DisconnectReason.SIGNAL_CLOSE);
    await flush();
    expect(live.state.current).toMatchObject({ connection: 'disconnected', ended: 'failed' });
  });

  it('asks for a click when the browser blocks sound, and clears it after startAudio', async () => {
    const { room, live } = await connected();
    room.canPlaybackAudio = false;
    room.emit(RoomEvent.AudioPlaybackStatusChanged, false);
    expect(live.state.current.needsAudioStart).toBe(true);
    await live.startAudio();
    expect(live.state.current.needsAudioStart).toBe(false);
  });

  it('switches to sound only by unsubscribing from video, including video published later', async () => {
    const { room, live } = await connected();
    const camera = new FakePublication('TR_c1', 'camera', 'video');
    const mic = new FakePublication('TR_m1', 'microphone', 'audio');
    room.join(new FakeParticipant('staff-2', 'An', { role: 'official' }).publish(camera).publish(mic));
    live.setAudioOnly(true);
    expect([camera.subscribed, mic.subscribed]).toEqual([false, true]);
    const screen = new FakePublication('TR_s1', 'screen_share', 'video');
    room.emit(RoomEvent.TrackPublished, screen);
    expect(screen.subscribed).toBe(false);
    live.setAudioOnly(false);
    expect(camera.subscribed).toBe(true);
  });

  it('follows the viewer’s own connection quality only', async () => {
    const { room, live } = await connected();
    room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Poor, new FakeParticipant('staff-2', 'An', {}));
    expect(live.state.current.quality).toBe('unknown');
    room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Poor, room.localParticipant);
    expect(live.state.current.quality).toBe('poor');
  });
});

describe('setupStudio', () => {
  it('lists devices, previews the chosen ones, and releases the preview before going on air with them', async () => {
    const { room, live } = await connected();
    const stopped: string[] = [];
    const devices: StudioDevices = {
      list: async (kind) => (kind === 'videoinput' ? [{ deviceId: 'cam-1', label: 'Webcam' }, { deviceId: 'cam-2', label: 'USB' }] : [{ deviceId: 'mic-1', label: 'Mic' }]),
      camera: async (id) => ({ stop: () => stopped.push(`camera ${id}`) }),
      microphone: async (id) => ({ stop: () => stopped.push(`microphone ${id}`) }),
    };
    const studio = setupStudio({ live, devices });
    await studio.refreshDevices();
    expect(studio.state.current).toMatchObject({ cameraId: 'cam-1', microphoneId: 'mic-1' });
    await studio.preview();
    await studio.selectCamera('cam-2');
    expect(stopped).toEqual(['camera cam-1']);
    await studio.publish();
    expect(stopped).toEqual(['camera cam-1', 'camera cam-2', 'microphone mic-1']);
    expect(room.localParticipant.calls).toEqual(['microphone:true@mic-1', 'camera:true@cam-2']);
    expect(studio.state.current.preview).toEqual({ camera: null, microphone: null });
    await studio.shareScreen(true);
    expect(room.localParticipant.calls.at(-1)).toBe('screen:true');
  });

  it('reports a missing camera through onError', async () => {
    const { live } = await connected();
    const errors: MediaDeviceError[] = [];
    const devices: StudioDevices = {
      list: async () => [],
      camera: async () => {
        throw Object.assign(new Error('none'), { name: 'NotFoundError' });
      },
      microphone: async () => ({ stop: () => undefined }),
    };
    const studio = setupStudio({ live, devices, onError: (e) => errors.push(e) });
    await studio.preview();
    expect(errors.map((e) => e.kind)).toEqual(['device-not-found']);
    expect(studio.state.current.busy).toBe(false);
  });
});

describe('externalStreamEmbed', () => {
  it.each([
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&playsinline=1'],
    ['https://www.facebook.com/x/videos/1', 'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fx%2Fvideos%2F1&show_text=false'],
    [null, null],
    ['https://example.com/v', null],
  ])('%s', (url, src) => {
    expect(externalStreamEmbed(url)?.src ?? null).toBe(src);
  });
});
