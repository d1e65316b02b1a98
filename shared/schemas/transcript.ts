import { z } from 'zod';
import { Id, IsoDateTime, humanText, lineText } from './common.ts';
import { Commitment } from './commitment.ts';
import { Poll } from './poll.ts';
import { QuestionChannel, RejectReason } from './question.ts';
import { Session, SessionState } from './session.ts';

export const TRANSCRIPT_SOURCES = ['captioner', 'livekit', 'import'] as const;
export const TranscriptSource = z.enum(TRANSCRIPT_SOURCES);

/** One stretch of speech; times are milliseconds from the session's start, as in the recording. */
export const Segment = z.object({
  id: Id,
  sessionId: Id,
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  speakerName: z.string().nullable(),
  speakerRole: z.string().nullable(),
  text: z.string(),
  source: TranscriptSource,
});
export type Segment = z.infer<typeof Segment>;

/** A line typed by a captioner during the session: shown to residents at once and stored. */
export const CaptionPostInput = z.strictObject({
  sessionId: Id,
  text: humanText({ min: 1, max: 500 }),
  speakerName: lineText({ max: 120 }).optional(),
  speakerRole: lineText({ max: 120 }).optional(),
});
export type CaptionPostInput = z.input<typeof CaptionPostInput>;

/** Stream ids and participant identities as LiveKit and its agents make them: plain ASCII names. */
const LiveKitName = z.string().regex(/^[A-Za-z0-9_.:@-]{1,200}$/, 'must be 1–200 letters, digits or _ . : @ -');

/**
 * A text stream LiveKit's speech-to-text agent sent on the `lk.transcription` topic, forwarded as received by the
 * official's studio: the stream header's fields and attributes keep LiveKit's own names.
 */
export const TranscriptStreamInput = z.strictObject({
  sessionId: Id,
  streamId: LiveKitName,
  topic: z.literal('lk.transcription'),
  timestamp: z.number().int().nonnegative(),
  participantIdentity: LiveKitName,
  attributes: z
    .record(z.string().max(100), z.string().max(500))
    .refine((a) => Object.keys(a).length <= 20, 'too many attributes')
    .refine((a) => typeof a['lk.segment_id'] === 'string' && a['lk.segment_id'].length > 0, 'lk.segment_id is required')
    .refine((a) => a['lk.transcription_final'] === undefined || ['true', 'false'].includes(a['lk.transcription_final']), {
      message: 'lk.transcription_final must be "true" or "false"',
    }),
  text: humanText({ max: 2000 }),
});
export type TranscriptStreamInput = z.input<typeof TranscriptStreamInput>;

/** What residents see under the video while someone speaks; interim lines are replaced by their final text. */
export const Caption = z.object({
  sessionId: Id,
  key: z.string(),
  text: z.string(),
  speakerName: z.string().nullable(),
  final: z.boolean(),
  startMs: z.number().int().nonnegative(),
});
export type Caption = z.infer<typeof Caption>;

export const TranscriptImportInput = z.strictObject({
  format: z.enum(['vtt', 'srt']),
  content: z.string().min(1).max(3_000_000),
  mode: z.enum(['replace', 'merge']),
  /** Parse and report without writing anything. */
  preview: z.boolean().default(false),
});
export type TranscriptImportInput = z.input<typeof TranscriptImportInput>;

export const SubtitleProblem = z.object({ line: z.number().int().positive(), reason: z.string() });
export type SubtitleProblem = z.infer<typeof SubtitleProblem>;

export const TranscriptImportResult = z.object({
  preview: z.boolean(),
  segments: z.array(z.object({ startMs: z.number(), endMs: z.number(), speakerName: z.string().nullable(), text: z.string() })),
  problems: z.array(SubtitleProblem),
  written: z.number().int(),
});
export type TranscriptImportResult = z.infer<typeof TranscriptImportResult>;

export const SegmentCorrectionInput = z
  .strictObject({
    text: humanText({ min: 1, max: 2000 }),
    speakerName: lineText({ max: 120 }).nullable(),
    speakerRole: lineText({ max: 120 }).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type SegmentCorrectionInput = z.infer<typeof SegmentCorrectionInput>;

/** A piece of a search snippet; `hit` pieces matched the query. Plain text, never markup. */
export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });

export const SearchHit = z.object({
  /** A session found by its title or theme, a line of a transcript, or a public question. */
  kind: z.enum(['session', 'segment', 'question']),
  sessionId: Id,
  sessionTitle: z.string(),
  sessionTheme: z.string(),
  /** When the session was held (the moment it really went live), or is planned. */
  sessionStartsAt: IsoDateTime,
  sessionState: SessionState,
  /**
   * Where to start the replay, in milliseconds from the moment the session went live; null when there is nothing
   * to play there: no recording, a question never put on stage, or a session hit.
   */
  timeMs: z.number().int().nonnegative().nullable(),
  segmentId: Id.nullable(),
  questionId: Id.nullable(),
  snippet: z.array(SnippetPart),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const SearchResult = z.object({ query: z.string(), hits: z.array(SearchHit) });
export type SearchResult = z.infer<typeof SearchResult>;

/** A question put on stage, as a chapter of the replay. */
export const Chapter = z.object({ questionId: Id, text: z.string(), atMs: z.number().int().nonnegative(), status: z.string() });
export type Chapter = z.infer<typeof Chapter>;

/**
 * What became of a public question, as the record states it: answered while the session was live, marked answered
 * outside the live session (before it went live), passed on for a written answer, closed with a reason, or still
 * waiting for a decision in the follow-up desk.
 */
export const MINUTES_FATES = ['answered_live', 'answered_outside_live', 'written', 'closed', 'no_fate'] as const;
export const MinutesFate = z.enum(MINUTES_FATES);
export type MinutesFate = z.infer<typeof MinutesFate>;

/** A public question in the minutes (biên bản): times in milliseconds from the moment the session went live. */
export const MinutesQuestion = z.object({
  id: Id,
  trackingCode: z.string(),
  text: z.string(),
  authorName: z.string().nullable(),
  topic: z.string().nullable(),
  createdAt: IsoDateTime,
  channel: QuestionChannel,
  status: z.string(),
  votes: z.number().int(),
  /** Null when it did not happen while the session was live. */
  stagedAtMs: z.number().int().nullable(),
  answeredAtMs: z.number().int().nullable(),
  fate: MinutesFate,
  /** For a written answer, the department it went to; for a closed question, the reason. */
  department: z.string().nullable(),
  closeReason: z.string().nullable(),
});
export type MinutesQuestion = z.infer<typeof MinutesQuestion>;

export const Minutes = z.object({
  session: Session,
  questions: z.array(MinutesQuestion),
  /** Rejected questions are only counted, by reason: their text is not for the public record. */
  rejected: z.partialRecord(RejectReason, z.number().int()),
  /** Questions nobody moderated before the session ended: counted, and decided in the follow-up desk. */
  pending: z.number().int(),
  commitments: z.array(Commitment),
  /** The polls residents saw, with their results. */
  polls: z.array(Poll),
  audience: z.object({
    /** Most viewers watching the live video at once; null when the platform had no live video. */
    peakViewers: z.number().int().nullable(),
    askers: z.number().int(),
    voters: z.number().int(),
  }),
  segments: z.array(Segment),
});
export type Minutes = z.infer<typeof Minutes>;

export const Archive = z.object({
  segments: z.array(Segment),
  chapters: z.array(Chapter),
  /** The recording: the media layer's file when it made one, else the session's external link, else null. */
  videoUrl: z.string().nullable(),
});
export type Archive = z.infer<typeof Archive>;
