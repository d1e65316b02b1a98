import { AppError } from '../../shared/errors.ts';
import type { SearchHit, SearchResult } from '../../shared/schemas/transcript.ts';
import { searchTerms } from '../../shared/text/fold.ts';
import type { Database } from '../db/database.ts';
import type { QuestionRow } from '../questions/questions.repository.ts';
import { findSession } from '../sessions/sessions.repository.ts';
import { findSegments } from '../transcripts/transcripts.repository.ts';
import { searchIndex } from './search.repository.ts';
import { buildSnippet } from './snippet.ts';

/** Search across every archive's transcript and every public question; residents may type without diacritics. */
export function createSearchService(deps: { db: Database }) {
  const { db } = deps;

  return {
    async search(query: string, limit: number): Promise<SearchResult> {
      const terms = searchTerms(query);
      if (terms.length === 0) throw new AppError('bad_request', 'q: type at least one letter or digit');
      return db.read(async (tx) => {
        const found = await searchIndex(tx, terms, limit);
        const segments = new Map((await findSegments(tx, found.filter((h) => h.kind === 'segment').map((h) => h.refId))).map((s) => [s.id, s]));
        const questionIds = found.filter((h) => h.kind === 'question').map((h) => h.refId);
        const questions = new Map(
          (questionIds.length
            ? await tx.all<QuestionRow>(`SELECT * FROM questions WHERE id IN (${questionIds.map(() => '?').join(', ')})`, questionIds)
            : []
          ).map((q) => [q.id, q]),
        );
        const sessions = new Map<number, Awaited<ReturnType<typeof findSession>>>();
        const sessionOf = async (id: number) => {
          if (!sessions.has(id)) sessions.set(id, await findSession(tx, id));
          return sessions.get(id)!;
        };
        const hits: SearchHit[] = [];
        for (const hit of found) {
          const segment = hit.kind === 'segment' ? segments.get(hit.refId) : undefined;
          const question = hit.kind === 'question' ? questions.get(hit.refId) : undefined;
          const sessionId = segment?.sessionId ?? question?.session_id;
          if (sessionId === undefined) continue;
          const session = await sessionOf(sessionId);
          if (!session) continue;
          const staged = question?.staged_at ? Math.max(0, Date.parse(question.staged_at) - Date.parse(session.startsAt)) : null;
          hits.push({
            kind: hit.kind,
            sessionId,
            sessionTitle: session.title,
            sessionTheme: session.theme,
            sessionStartsAt: session.startsAt,
            timeMs: segment ? segment.startMs : staged,
            segmentId: segment?.id ?? null,
            questionId: question?.id ?? null,
            snippet: buildSnippet(segment ? `${segment.speakerName ? `${segment.speakerName}: ` : ''}${segment.text}` : question!.text, terms),
          });
        }
        return { query, hits };
      });
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
