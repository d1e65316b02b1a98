import { describe, expect, it } from 'vitest';
import type { TextStreamReader } from 'livekit-client';
import { TranscriptStreamInput } from '../../shared/schemas/transcript.ts';
import { forwardTranscriptions, type TextStreamSource } from '../../client/src/lib/media/transcription.ts';

function fakeRoom() {
  const handlers = new Map<string, (reader: TextStreamReader, participant: { identity: string }) => void>();
  const room: TextStreamSource = {
    registerTextStreamHandler: (topic, handler) => void handlers.set(topic, handler),
    unregisterTextStreamHandler: (topic) => void handlers.delete(topic),
  };
  return { room, handlers };
}

describe('forwardTranscriptions', () => {
  it('forwards each lk.transcription stream with LiveKit\'s header fields, in a shape the server schema accepts', async () => {
    const { room, handlers } = fakeRoom();
    const sent: unknown[] = [];
    const stop = forwardTranscriptions({ room, sessionId: 7, send: async (input) => sent.push(input), onError: (e) => { throw e; } });
    const reader = {
      info: { id: 'TS_abc', topic: 'lk.transcription', timestamp: 1_766_000_000_000, mimeType: 'text/plain', attributes: { 'lk.segment_id': 'SG_1', 'lk.transcription_final': 'true', 'lk.transcribed_track_id': 'TR_x' } },
      readAll: async () => 'Xin chào bà con',
    } as unknown as TextStreamReader;
    handlers.get('lk.transcription')!(reader, { identity: 'agent-AJ_1' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([
      {
        sessionId: 7,
        streamId: 'TS_abc',
        topic: 'lk.transcription',
        timestamp: 1_766_000_000_000,
        participantIdentity: 'agent-AJ_1',
        attributes: { 'lk.segment_id': 'SG_1', 'lk.transcription_final': 'true', 'lk.transcribed_track_id': 'TR_x' },
        text: 'Xin chào bà con',
      },
    ]);
    expect(TranscriptStreamInput.safeParse(sent[0]).success).toBe(true);
    stop();
    expect(handlers.size).toBe(0);
  });
});
