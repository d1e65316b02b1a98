import { Router } from 'express';
import { z } from 'zod';
import { rankForLive } from '../../shared/rules/ranking.ts';
import { IdParam } from '../../shared/schemas/common.ts';
import { SegmentCorrectionInput, TranscriptImportInput } from '../../shared/schemas/transcript.ts';
import { toPlainText, toVtt } from '../../shared/text/subtitles.ts';
import { parseWith } from '../http/validate.ts';
import { questionsCsv } from '../questions/questions-csv.ts';
import type { ArchiveService } from './archive.service.ts';
import type { TranscriptsService } from './transcripts.service.ts';

const TranscriptFormat = z.object({ format: z.enum(['json', 'vtt', 'txt']).default('json') });

/** Subtitle files can be large; this one route takes bodies up to 4 MB, read once the caller may import. */
export const IMPORT_BODY = { permission: 'transcript:write', limit: '4mb' } as const;
export const IMPORT_PATH = '/api/admin/sessions/:id/transcript/import';

export function transcriptRoutes(deps: { transcripts: TranscriptsService; archive: ArchiveService }): Router {
  const { transcripts, archive } = deps;
  const router = Router();

  router.get('/api/sessions/:id/transcript', async (req, res) => {
    const sessionId = parseWith(IdParam, req.params.id);
    const { format } = parseWith(TranscriptFormat, req.query);
    const segments = await transcripts.list(sessionId);
    if (format === 'json') {
      res.json(segments);
      return;
    }
    const body = format === 'vtt' ? toVtt(segments) : toPlainText(segments);
    res
      .type(format === 'vtt' ? 'text/vtt; charset=utf-8' : 'text/plain; charset=utf-8')
      .attachment(`toa-dam-${sessionId}.${format}`)
      .send(body);
  });

  router.get('/api/sessions/:id/archive', async (req, res) => {
    res.json(await archive.archive(parseWith(IdParam, req.params.id)));
  });

  router.get('/api/sessions/:id/minutes', async (req, res) => {
    res.json(await archive.minutes(parseWith(IdParam, req.params.id)));
  });

  // The minutes' questions, so the CSV states the same fates as the printed record.
  router.get('/api/sessions/:id/questions.csv', async (req, res) => {
    const sessionId = parseWith(IdParam, req.params.id);
    const { questions } = await archive.minutes(sessionId);
    res.type('text/csv; charset=utf-8').attachment(`toa-dam-${sessionId}-questions.csv`).send(questionsCsv(rankForLive(questions)));
  });

  router.post(IMPORT_PATH, async (req, res) => {
    const input = parseWith(TranscriptImportInput, req.body);
    res.json(await transcripts.importSubtitles(res.locals.actor, parseWith(IdParam, req.params.id), input));
  });

  router.patch('/api/admin/transcript/:id', async (req, res) => {
    res.json(await transcripts.correct(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(SegmentCorrectionInput, req.body)));
  });

  return router;
}
