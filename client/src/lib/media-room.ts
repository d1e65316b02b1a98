import { setupLiveRoom, type LiveRoom, type MediaDeviceError } from './media/live-room.ts';
import { command } from './socket.ts';

export interface LiveRoomOptions {
  onError?: (error: MediaDeviceError) => void;
  publishWhenInvited?: boolean;
}

/** The session's LiveKit room with the server as its token source; statically imports livekit-client. */
export function openLiveRoom(
  sessionId: number,
  options: LiveRoomOptions = {},
): LiveRoom {
  return setupLiveRoom({
    ...options,
    async fetchToken() {
      const ack = await command('media:token', { sessionId });
      if (!ack.ok) throw new Error(`media:token refused: ${ack.error.code}`);
      return { url: ack.data.url, token: ack.data.token };
    },
  });
}
