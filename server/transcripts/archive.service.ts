import { isPublic } from '../../shared/rules/moderation.ts';
import { QUESTION_STATUSES, type RejectReason } from '../../shared/schemas/question.ts';
import type { Session } from '../../shared/schemas/session.ts';
import type { Archive, Chapter, Minutes, MinutesQuestion } from '../../shared/schemas/transcript.ts';
import type { Database } from '../db/database.ts';
import { toPublicQuestion } from '../questions/question-views.ts';
import { listSessionQuestions, type QuestionRow } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { listSegments } from './transcripts.repository.ts';

function offset(session: Session, iso: string | null): number | null {
  return iso ? Math.max(0, Date.parse(iso) - Date.parse(session.startsAt)) : null;
}

function minutesQuestion(session: Session, row: QuestionRow): MinutesQuestion {
  const q = toPublicQuestion(row);
  return {
    id: q.id,
    text: q.text,
    authorName: q.authorName,
    status: q.status,
    votes: q.votes,
    stagedAtMs: offset(session, q.stagedAt),
    answeredAtMs: offset(session, q.answeredAt),
  };
}

/**
 * What a past session leaves for the record: the recording, its transcript, and each question put on stage as a
 * chapter at the moment it went up. Only what the public could see is here; rejected questions are counted, not shown.
 */
export function createArchiveService(deps: { db: Database; recordingUrl?: (sessionId: number) => Promise<string | null> }) {
  const { db, recordingUrl = async () => null } = deps;

  return {
    async archive(sessionId: number): Promise<Archive> {
      const { session, segments, rows } = await db.read(async (tx) => ({
        session: await requireSession(tx, sessionId),
        segments: await listSegments(tx, sessionId),
        rows: await listSessionQuestions(tx, sessionId, QUESTION_STATUSES.filter(isPublic)),
      }));
      const chapters: Chapter[] = rows
        .filter((row) => row.staged_at)
        .map((row) => ({ questionId: row.id, text: row.text, atMs: offset(session, row.staged_at)!, status: row.status }))
        .sort((a, b) => a.atMs - b.atMs);
      return { segments, chapters, videoUrl: (await recordingUrl(sessionId)) ?? session.archiveVideoUrl };
    },

    async minutes(sessionId: number): Promise<Minutes> {
      return db.read(async (tx) => {
        const session = await requireSession(tx, sessionId);
        const rows = await listSessionQuestions(tx, sessionId, QUESTION_STATUSES);
        const rejected: Partial<Record<RejectReason, number>> = {};
        for (const row of rows) if (row.status === 'rejected' && row.reject_reason) rejected[row.reject_reason] = (rejected[row.reject_reason] ?? 0) + 1;
        return {
          session,
          questions: rows.filter((row) => isPublic(row.status)).map((row) => minutesQuestion(session, row)),
          rejected,
          segments: await listSegments(tx, sessionId),
        };
      });
    },
  };
}
export type ArchiveService = ReturnType<typeof createArchiveService>;
