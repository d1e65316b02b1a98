import { AppError } from '../../shared/errors.ts';
import { recordStart } from '../../shared/rules/session-clock.ts';
import type { Session } from '../../shared/schemas/session.ts';
import type {
  CaptionPostInput,
  Segment,
  SegmentCorrectionInput,
  TranscriptImportInput,
  TranscriptImportResult,
  TranscriptStreamInput,
} from '../../shared/schemas/transcript.ts';
import { parseSrt, parseVtt } from '../../shared/text/subtitles.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { deleteSessionSegments, endSegmentsBefore, findSegment, insertSegment, listSegments, updateSegment } from './transcripts.repository.ts';

function captionNotices(caption: { sessionId: number; key: string; text: string; speakerName: string | null; final: boolean; startMs: number }): Notice[] {
  return (['public', 'staff'] as const).map((kind) => ({
    to: { kind, sessionId: caption.sessionId },
    event: 'caption:shown' as const,
    payload: caption,
  }));
}

/** Milliseconds from the moment the session went live, as the recording counts them. */
function offsetMs(session: Session, at: number): number {
  return Math.max(0, at - Date.parse(recordStart(session)));
}

/** How long a typed caption stays up: long enough to read, not so long it hides the next line. */
function readingTimeMs(text: string): number {
  return Math.min(8000, Math.max(1500, text.length * 60));
}

export function createTranscriptsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function liveSessionFor(tx: Tx, actor: Actor, sessionId: number): Promise<Session> {
    const session = await requireSession(tx, sessionId);
    authorize(actor, 'transcript:write', session.unitId);
    if (session.state !== 'live') throw new AppError('wrong_state', `captions go out only while the session is live (it is ${session.state})`);
    return session;
  }

  return {
    list(sessionId: number): Promise<Segment[]> {
      return db.read(async (tx) => {
        await requireSession(tx, sessionId);
        return listSegments(tx, sessionId);
      });
    },

    /** A captioner's line: stored as a final segment and shown to everybody watching. */
    async postCaption(actor: Actor, input: CaptionPostInput): Promise<WriteResult<Segment>> {
      return db.write(async (tx) => {
        const session = await liveSessionFor(tx, actor, input.sessionId);
        const now = clock();
        const startMs = offsetMs(session, now.getTime());
        await endSegmentsBefore(tx, session.id, startMs);
        const segment = (await insertSegment(
          tx,
          {
            sessionId: session.id,
            startMs,
            endMs: startMs + readingTimeMs(input.text),
            speakerName: input.speakerName || null,
            speakerRole: input.speakerRole || null,
            text: input.text,
            source: 'captioner',
            externalId: null,
          },
          now,
        ))!;
        const caption = { sessionId: session.id, key: `segment-${segment.id}`, text: segment.text, speakerName: segment.speakerName, final: true, startMs };
        return { result: segment, notices: captionNotices(caption) };
      });
    },

    /**
     * LiveKit's speech-to-text stream: interim text only updates the caption; a final segment is stored once,
     * keyed by LiveKit's segment id, however often the agent sends it again.
     */
    async ingestStream(actor: Actor, input: TranscriptStreamInput): Promise<WriteResult<{ stored: boolean }>> {
      return db.write(async (tx) => {
        const session = await liveSessionFor(tx, actor, input.sessionId);
        const segmentId = input.attributes['lk.segment_id']!;
        const final = input.attributes['lk.transcription_final'] === 'true';
        const startMs = offsetMs(session, input.timestamp);
        const caption = { sessionId: session.id, key: `lk-${segmentId}`, text: input.text, speakerName: input.participantIdentity, final, startMs };
        if (!final || !input.text) return { result: { stored: false }, notices: captionNotices(caption) };
        await endSegmentsBefore(tx, session.id, startMs);
        const stored = await insertSegment(
          tx,
          {
            sessionId: session.id,
            startMs,
            endMs: Math.max(startMs, offsetMs(session, clock().getTime())),
            speakerName: input.participantIdentity,
            speakerRole: null,
            text: input.text,
            source: 'livekit',
            externalId: segmentId,
          },
          clock(),
        );
        return { result: { stored: stored !== null }, notices: stored ? captionNotices(caption) : [] };
      });
    },

    /** A WebVTT or SRT file made after the session; nothing is written while the file has problems. */
    async importSubtitles(actor: Actor, sessionId: number, input: TranscriptImportInput & { preview: boolean }): Promise<TranscriptImportResult> {
      const { cues, problems } = input.format === 'vtt' ? parseVtt(input.content) : parseSrt(input.content);
      const segments = cues.map((c) => ({ startMs: c.startMs, endMs: c.endMs, speakerName: c.speakerName, text: c.text.normalize('NFC') }));
      return db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'transcript:write', session.unitId);
        if (input.preview) return { preview: true, segments, problems, written: 0 };
        if (problems.length > 0) {
          const first = problems[0]!;
          throw new AppError('bad_request', `the file has ${problems.length} problem(s); line ${first.line}: ${first.reason}`);
        }
        if (segments.length === 0) throw new AppError('bad_request', 'the file has no cues');
        if (input.mode === 'replace') await deleteSessionSegments(tx, sessionId);
        const existing = new Set((await listSegments(tx, sessionId)).map((s) => `${s.startMs}|${s.text}`));
        const now = clock();
        let written = 0;
        for (const segment of segments) {
          if (existing.has(`${segment.startMs}|${segment.text}`)) continue;
          await insertSegment(tx, { ...segment, sessionId, speakerRole: null, source: 'import', externalId: null }, now);
          written += 1;
        }
        await appendAudit(tx, {
          unitId: session.unitId,
          sessionId,
          questionId: null,
          actor: actorLabel(actor),
          action: 'transcript.import',
          detail: { format: input.format, mode: input.mode, cues: segments.length, written },
          at: now,
        });
        return { preview: false, segments, problems, written };
      });
    },

    /** A correction after the session; the audit trail keeps what it said before. */
    async correct(actor: Actor, segmentId: number, patch: SegmentCorrectionInput): Promise<Segment> {
      return db.write(async (tx) => {
        const before = await findSegment(tx, segmentId);
        if (!before) throw new AppError('not_found', `transcript segment ${segmentId} does not exist`);
        const session = await requireSession(tx, before.sessionId);
        authorize(actor, 'transcript:write', session.unitId);
        const now = clock();
        const after = await updateSegment(tx, segmentId, patch, now);
        await appendAudit(tx, {
          unitId: session.unitId,
          sessionId: session.id,
          questionId: null,
          actor: actorLabel(actor),
          action: 'transcript.correct',
          detail: {
            segmentId,
            before: { text: before.text, speakerName: before.speakerName, speakerRole: before.speakerRole },
            after: { text: after.text, speakerName: after.speakerName, speakerRole: after.speakerRole },
          },
          at: now,
        });
        return after;
      });
    },
  };
}
export type TranscriptsService = ReturnType<typeof createTranscriptsService>;
