import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { Archive, Minutes, Segment, SegmentCorrectionInput, TranscriptFormat, TranscriptImportInput, TranscriptImportResult } from '../schemas/transcript.ts';
import { PATHS } from './paths.ts';

const NO_SESSION = { 404: 'No such session' } as const;

/** The record of a held session: transcript, archive, minutes and their files. */
export const TRANSCRIPTS = {
  transcript: route({
    ...PATHS.transcripts.transcript,
    summary: "A session's transcript",
    description: 'JSON by default, times in milliseconds from the session start; `format=vtt` gives WebVTT and `format=txt` plain text, both as downloads.',
    params: IdPath,
    query: TranscriptFormat,
    response: z.array(Segment),
    alsoProduces: ['text/vtt', 'text/plain'],
    errors: NO_SESSION,
  }),
  archive: route({
    ...PATHS.transcripts.archive,
    summary: 'Recording, transcript and question chapters of a session',
    params: IdPath,
    response: Archive,
    errors: NO_SESSION,
  }),
  minutes: route({
    ...PATHS.transcripts.minutes,
    summary: "A session's minutes: each question's fate, the commitments and the polls",
    params: IdPath,
    response: Minutes,
    errors: NO_SESSION,
  }),
  questionsCsv: route({
    ...PATHS.transcripts.questionsCsv,
    summary: "The minutes' questions as CSV (UTF-8 with BOM)",
    params: IdPath,
    response: z.string(),
    produces: 'text/csv',
    errors: NO_SESSION,
  }),
  import: route({
    ...PATHS.transcripts.import,
    summary: 'Imports subtitles (SRT or WebVTT) as the transcript, or previews the import',
    description: 'The only JSON body above 16 KB: up to 4 MB, read once the caller may import.',
    params: IdPath,
    body: TranscriptImportInput,
    response: TranscriptImportResult,
    errors: { ...STAFF_ONLY, ...NO_SESSION, 413: 'The body is larger than 4 MB' },
  }),
  correct: route({
    ...PATHS.transcripts.correct,
    summary: 'Corrects one line of a transcript',
    params: IdPath,
    body: SegmentCorrectionInput,
    response: Segment,
    errors: { ...STAFF_ONLY, 404: 'No such line' },
  }),
};
