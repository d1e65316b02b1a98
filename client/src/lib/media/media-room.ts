import type { ErrorBody } from '../../../../shared/errors.ts';
import { setupLiveRoom, type LiveRoom, type MediaDeviceError } from './live-room.ts';
import { forwardTranscriptions, type TextStreamSource } from './transcription.ts';
import { command } from '../core/socket.ts';

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

/**
 * Forwards the studio room's speech-to-text to the server as `transcript:stream`. `onResult` hears each send's
 * refusal, or null once one went through, so the desk shows a problem only while it lasts.
 */
export function forwardStudioTranscriptions(live: LiveRoom, sessionId: number, onResult: (error: ErrorBody | null) => void): () => void {
  return forwardTranscriptions({
    room: live.room as unknown as TextStreamSource,
    sessionId,
    async send(input) {
      const ack = await command('transcript:stream', input);
      onResult(ack.ok ? null : ack.error);
    },
    onError: () => onResult({ code: 'internal', message: 'transcription stream failed' }),
  });
}
