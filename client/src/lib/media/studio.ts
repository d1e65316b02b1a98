import { Room, createLocalAudioTrack, createLocalVideoTrack } from 'livekit-client';
import { classifyDeviceError, type LiveRoom, type MediaDeviceError } from './live-room.ts';
import { MediaState, type ReadonlyState } from './state.svelte.ts';

export interface DeviceChoice {
  deviceId: string;
  label: string;
}

/** A local track shown before going on air; the page attaches it to a muted video element. */
export interface PreviewTrack {
  stop(): void;
}

/** How the studio reaches the browser's devices; tests pass fakes. */
export interface StudioDevices {
  list(kind: 'videoinput' | 'audioinput'): Promise<DeviceChoice[]>;
  camera(deviceId: string | undefined): Promise<PreviewTrack>;
  microphone(deviceId: string | undefined): Promise<PreviewTrack>;
}

const browserDevices: StudioDevices = {
  async list(kind) {
    return (await Room.getLocalDevices(kind)).map((d) => ({ deviceId: d.deviceId, label: d.label }));
  },
  camera: (deviceId) => createLocalVideoTrack(deviceId ? { deviceId } : {}),
  microphone: (deviceId) => createLocalAudioTrack(deviceId ? { deviceId } : {}),
};

export interface StudioState {
  cameras: DeviceChoice[];
  microphones: DeviceChoice[];
  cameraId: string | undefined;
  microphoneId: string | undefined;
  preview: { camera: PreviewTrack | null; microphone: PreviewTrack | null };
  /** Set while a device call is under way, so buttons can wait. */
  busy: boolean;
}

/**
 * The officials' studio: pick a camera and a microphone, check them in a preview, then go on air through the
 * connected live room, and share a screen. Device trouble goes to `onError`.
 */
export function setupStudio(options: { live: LiveRoom; devices?: StudioDevices; onError?: (error: MediaDeviceError) => void }) {
  const { live, devices = browserDevices, onError = () => undefined } = options;
  const state = new MediaState<StudioState>({
    cameras: [],
    microphones: [],
    cameraId: undefined,
    microphoneId: undefined,
    preview: { camera: null, microphone: null },
    busy: false,
  });

  async function guarded(device: MediaDeviceError['device'], action: () => Promise<void>): Promise<void> {
    state.update({ busy: true });
    try {
      await action();
    } catch (error) {
      onError(classifyDeviceError(error, device));
    } finally {
      state.update({ busy: false });
    }
  }

  function stopPreview(): void {
    const { camera, microphone } = state.current.preview;
    camera?.stop();
    microphone?.stop();
    state.update({ preview: { camera: null, microphone: null } });
  }

  return {
    state: state as ReadonlyState<StudioState>,

    /** Lists devices; labels appear only once the browser has been allowed to use them (after a preview). */
    async refreshDevices(): Promise<void> {
      await guarded('camera', async () => {
        const [cameras, microphones] = await Promise.all([devices.list('videoinput'), devices.list('audioinput')]);
        const { cameraId, microphoneId } = state.current;
        state.update({ cameras, microphones, cameraId: cameraId ?? cameras[0]?.deviceId, microphoneId: microphoneId ?? microphones[0]?.deviceId });
      });
    },

    async preview(): Promise<void> {
      stopPreview();
      await guarded('camera', async () => {
        const camera = await devices.camera(state.current.cameraId);
        state.update({ preview: { ...state.current.preview, camera } });
      });
      await guarded('microphone', async () => {
        const microphone = await devices.microphone(state.current.microphoneId);
        state.update({ preview: { ...state.current.preview, microphone } });
      });
    },

    async selectCamera(deviceId: string): Promise<void> {
      state.update({ cameraId: deviceId });
      if (state.current.preview.camera) {
        state.current.preview.camera?.stop();
        await guarded('camera', async () => state.update({ preview: { ...state.current.preview, camera: await devices.camera(deviceId) } }));
      }
      if (live.state.current.publishing.camera) await live.room.localParticipant.setCameraEnabled(true, { deviceId }).catch((e: unknown) => onError(classifyDeviceError(e, 'camera')));
    },

    async selectMicrophone(deviceId: string): Promise<void> {
      state.update({ microphoneId: deviceId });
      if (state.current.preview.microphone) {
        state.current.preview.microphone?.stop();
        await guarded('microphone', async () =>
          state.update({ preview: { ...state.current.preview, microphone: await devices.microphone(deviceId) } }),
        );
      }
      if (live.state.current.publishing.microphone) {
        await live.room.localParticipant.setMicrophoneEnabled(true, { deviceId }).catch((e: unknown) => onError(classifyDeviceError(e, 'microphone')));
      }
    },

    /** Goes on air with the chosen devices; the preview's tracks are released first so the devices are free. */
    async publish(): Promise<void> {
      const { cameraId, microphoneId } = state.current;
      stopPreview();
      await guarded('microphone', async () => void (await live.room.localParticipant.setMicrophoneEnabled(true, { deviceId: microphoneId })));
      await guarded('camera', async () => void (await live.room.localParticipant.setCameraEnabled(true, { deviceId: cameraId })));
    },

    async unpublish(): Promise<void> {
      await live.setCamera(false);
      await live.setMicrophone(false);
    },

    shareScreen: (enabled: boolean) => live.setScreenShare(enabled),
    stopPreview,
  };
}
export type Studio = ReturnType<typeof setupStudio>;
