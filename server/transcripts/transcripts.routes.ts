import { Router } from 'express';
import { rankForLive } from '../../shared/rules/ranking.ts';
import { TRANSCRIPTS } from '../../shared/routes/transcripts.ts';
import { toPlainText, toVtt } from '../../shared/text/subtitles.ts';
import { serve } from '../http/route.ts';
import { questionsCsv } from '../questions/questions-csv.ts';
import type { ArchiveService } from './archive.service.ts';
import type { TranscriptsService } from './transcripts.service.ts';

/** Subtitle files can be large; this one route takes bodies up to 4 MB, read once the caller may import. */
export const IMPORT_BODY = { permission: 'transcript:write', limit: '4mb' } as const;

export function transcriptRoutes(deps: { transcripts: TranscriptsService; archive: ArchiveService }): Router {
  const { transcripts, archive } = deps;
  const router = Router();

  serve(router, TRANSCRIPTS.transcript, async ({ params, query }, { res }) => {
    const segments = await transcripts.list(params.id);
    if (query.format === 'json') return segments;
    const body = query.format === 'vtt' ? toVtt(segments) : toPlainText(segments);
    res
      .type(query.format === 'vtt' ? 'text/vtt; charset=utf-8' : 'text/plain; charset=utf-8')
      .attachment(`toa-dam-${params.id}.${query.format}`)
      .send(body);
  });

  serve(router, TRANSCRIPTS.archive, ({ params }) => archive.archive(params.id));

  serve(router, TRANSCRIPTS.minutes, ({ params }) => archive.minutes(params.id));

  // The minutes' questions, so the CSV states the same fates as the printed record.
  serve(router, TRANSCRIPTS.questionsCsv, async ({ params }, { res }) => {
    const { questions } = await archive.minutes(params.id);
    res.type('text/csv; charset=utf-8').attachment(`toa-dam-${params.id}-questions.csv`).send(questionsCsv(rankForLive(questions)));
  });

  serve(router, TRANSCRIPTS.import, ({ params, body }, { actor }) => transcripts.importSubtitles(actor, params.id, body));

  serve(router, TRANSCRIPTS.correct, ({ params, body }, { actor }) => transcripts.correct(actor, params.id, body));

  return router;
}
