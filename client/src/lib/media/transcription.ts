import type { TextStreamReader } from 'livekit-client';
import type { TranscriptStreamInput } from '../../../../shared/schemas/transcript.ts';

export const TRANSCRIPTION_TOPIC = 'lk.transcription';

/** The part of a LiveKit Room this needs, so a test can hand in a fake. */
export interface TextStreamSource {
  registerTextStreamHandler(topic: string, handler: (reader: TextStreamReader, participant: { identity: string }) => void): void;
  unregisterTextStreamHandler(topic: string): void;
}

/**
 * Forwards LiveKit's speech-to-text streams from the studio to the server as they arrive, with the stream header's
 * own field names: the server shows interim text as captions and stores each final segment once. Runs in one
 * official's studio per session, so every segment is forwarded once.
 */
export function forwardTranscriptions(options: {
  room: TextStreamSource;
  sessionId: number;
  send: (input: TranscriptStreamInput) => Promise<unknown>;
  onError: (error: unknown) => void;
}): () => void {
  const { room, sessionId, send, onError } = options;
  room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, participant) => {
    reader
      .readAll()
      .then((text) =>
        send({
          sessionId,
          streamId: reader.info.id,
          topic: TRANSCRIPTION_TOPIC,
          timestamp: reader.info.timestamp,
          participantIdentity: participant.identity,
          attributes: reader.info.attributes ?? {},
          text,
        }),
      )
      .catch(onError);
  });
  return () => room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
}
