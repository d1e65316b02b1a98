import { AppError } from '../../shared/errors.ts';
import { recordStart } from '../../shared/rules/session-clock.ts';
import type { Session } from '../../shared/schemas/session.ts';
import type { SearchHit, SearchResult } from '../../shared/schemas/transcript.ts';
import { foldText, searchTerms } from '../../shared/text/fold.ts';
import type { Database } from '../core/db/database.ts';
import { findQuestions } from '../questions/questions.repository.ts';
import { findSession, listSessions } from '../sessions/sessions.repository.ts';
import { findSegments } from '../transcripts/transcripts.repository.ts';
import { searchIndex } from '../core/search-index.repository.ts';
import { buildSnippet } from './snippet.ts';

/** Whether every term is a word of the text, the last one also as the start of a word (the resident may still be typing it). */
function matchesAll(folded: readonly string[], terms: readonly string[]): boolean {
  return terms.every((term, i) => folded.some((word) => word === term || (i === terms.length - 1 && word.startsWith(term))));
}

/**
 * Search across every session's title and theme, every archive's transcript and every public question; residents
 * may type without diacritics. A session is found by its name before anything was said in it.
 */
export function createSearchService(deps: { db: Database; recordingUrl?: (sessionId: number) => Promise<string | null> }) {
  const { db, recordingUrl = async () => null } = deps;

  return {
    async search(query: string, limit: number): Promise<SearchResult> {
      const terms = searchTerms(query);
      if (terms.length === 0) throw new AppError('bad_request', 'q: type at least one letter or digit');
      const playable = new Map<number, boolean>();
      const canPlay = async (session: Session) => {
        if (!playable.has(session.id)) playable.set(session.id, !!((await recordingUrl(session.id)) ?? session.archiveVideoUrl));
        return playable.get(session.id)!;
      };
      return db.read(async (tx) => {
        // Sessions are few (one a month per unit): folding their names here is cheaper than a second index.
        const sessionHits: SearchHit[] = (await listSessions(tx))
          .filter((session) => matchesAll(foldText(`${session.title} ${session.theme}`).split(/[^\p{L}\p{N}]+/u), terms))
          .reverse()
          .slice(0, limit)
          .map((session) => ({
            kind: 'session',
            sessionId: session.id,
            sessionTitle: session.title,
            sessionTheme: session.theme,
            sessionStartsAt: recordStart(session),
            sessionState: session.state,
            timeMs: null,
            segmentId: null,
            questionId: null,
            snippet: buildSnippet(`${session.title}: ${session.theme}`, terms),
          }));
        const found = await searchIndex(tx, terms, limit - sessionHits.length);
        const segments = new Map((await findSegments(tx, found.filter((h) => h.kind === 'segment').map((h) => h.refId))).map((s) => [s.id, s]));
        const questionIds = found.filter((h) => h.kind === 'question').map((h) => h.refId);
        const questions = new Map((await findQuestions(tx, questionIds)).map((q) => [q.id, q]));
        const sessions = new Map<number, Awaited<ReturnType<typeof findSession>>>();
        const sessionOf = async (id: number) => {
          if (!sessions.has(id)) sessions.set(id, await findSession(tx, id));
          return sessions.get(id)!;
        };
        const hits: SearchHit[] = [...sessionHits];
        for (const hit of found) {
          const segment = hit.kind === 'segment' ? segments.get(hit.refId) : undefined;
          const question = hit.kind === 'question' ? questions.get(hit.refId) : undefined;
          const sessionId = segment?.sessionId ?? question?.session_id;
          if (sessionId === undefined) continue;
          const session = await sessionOf(sessionId);
          if (!session) continue;
          const staged = question?.staged_at ? Math.max(0, Date.parse(question.staged_at) - Date.parse(recordStart(session))) : null;
          hits.push({
            kind: hit.kind,
            sessionId,
            sessionTitle: session.title,
            sessionTheme: session.theme,
            sessionStartsAt: recordStart(session),
            sessionState: session.state,
            // A moment to play from only where there is a recording to play.
            timeMs: (await canPlay(session)) ? (segment ? segment.startMs : staged) : null,
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
