import { isPublic } from '../../shared/rules/moderation.ts';
import { recordOffset } from '../../shared/rules/session-clock.ts';
import type { Commitment } from '../../shared/schemas/commitment.ts';
import { QUESTION_STATUSES, type RejectReason } from '../../shared/schemas/question.ts';
import type { Session } from '../../shared/schemas/session.ts';
import type { Archive, Chapter, Minutes, MinutesFate, MinutesQuestion } from '../../shared/schemas/transcript.ts';
import type { Database, Queryable } from '../core/db/database.ts';
import { findFollowup, type FollowupRow } from '../followups/followups.repository.ts';
import { findRoom } from '../media/media.repository.ts';
import { listPublishedPolls } from '../polls/polls.service.ts';
import { toPublicQuestion } from '../questions/question-views.ts';
import { countParticipants, listSessionQuestions, type QuestionRow } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { listSegments } from './transcripts.repository.ts';

/** Answered live means taken on stage or marked answered while the session was live; anything else needs a fate. */
function fateOf(session: Session, row: QuestionRow, followup: FollowupRow | undefined): MinutesFate {
  if (row.status === 'answered' || row.status === 'on_stage') {
    return recordOffset(session, row.status === 'answered' ? (row.answered_at ?? row.staged_at) : row.staged_at) !== null ? 'answered_live' : 'answered_outside_live';
  }
  if (followup?.fate === 'written') return 'written';
  if (followup?.fate === 'closed') return 'closed';
  return 'no_fate';
}

function minutesQuestion(session: Session, row: QuestionRow, followup: FollowupRow | undefined): MinutesQuestion {
  const q = toPublicQuestion(row);
  const fate = fateOf(session, row, followup);
  return {
    id: q.id,
    trackingCode: q.trackingCode,
    text: q.text,
    authorName: q.authorName,
    topic: q.topic,
    createdAt: q.createdAt,
    channel: q.channel,
    status: q.status,
    votes: q.votes,
    stagedAtMs: recordOffset(session, q.stagedAt),
    answeredAtMs: recordOffset(session, q.answeredAt),
    fate,
    department: fate === 'written' ? (followup?.department_name ?? null) : null,
    closeReason: fate === 'closed' ? (followup?.close_reason ?? null) : null,
  };
}

async function audienceOf(q: Queryable, sessionId: number): Promise<Minutes['audience']> {
  const room = await findRoom(q, sessionId);
  const { askers, voters } = await countParticipants(q, sessionId);
  return { peakViewers: room ? room.audiencePeak : null, askers, voters };
}

/**
 * What a past session leaves for the record: the recording, its transcript, and each question answered on stage
 * as a chapter at the moment it went up. Only what the public could see is here; rejected questions are counted,
 * not shown. Every time counts from the moment the session really went live, as the recording does.
 */
export function createArchiveService(deps: {
  db: Database;
  recordingUrl?: (sessionId: number) => Promise<string | null>;
  commitments?: (sessionId: number) => Promise<Commitment[]>;
}) {
  const { db, recordingUrl = async () => null, commitments = async () => [] } = deps;

  return {
    async archive(sessionId: number): Promise<Archive> {
      const { session, segments, rows } = await db.read(async (tx) => ({
        session: await requireSession(tx, sessionId),
        segments: await listSegments(tx, sessionId),
        rows: await listSessionQuestions(tx, sessionId, ['on_stage', 'answered']),
      }));
      // A question put on stage and taken down again was not answered: it is no chapter of "answered questions".
      const chapters: Chapter[] = [];
      for (const row of rows) {
        const atMs = recordOffset(session, row.staged_at);
        if (atMs !== null) chapters.push({ questionId: row.id, text: row.text, atMs, status: row.status });
      }
      chapters.sort((a, b) => a.atMs - b.atMs);
      return { segments, chapters, videoUrl: (await recordingUrl(sessionId)) ?? session.archiveVideoUrl };
    },

    async minutes(sessionId: number): Promise<Minutes> {
      const promised = await commitments(sessionId);
      return db.read(async (tx) => {
        const session = await requireSession(tx, sessionId);
        const rows = await listSessionQuestions(tx, sessionId, QUESTION_STATUSES);
        const rejected: Partial<Record<RejectReason, number>> = {};
        for (const row of rows) if (row.status === 'rejected' && row.reject_reason) rejected[row.reject_reason] = (rejected[row.reject_reason] ?? 0) + 1;
        const questions: MinutesQuestion[] = [];
        for (const row of rows.filter((r) => isPublic(r.status))) questions.push(minutesQuestion(session, row, await findFollowup(tx, row.id)));
        return {
          session,
          questions,
          rejected,
          pending: rows.filter((row) => row.status === 'pending').length,
          commitments: promised,
          polls: await listPublishedPolls(tx, sessionId),
          audience: await audienceOf(tx, sessionId),
          segments: await listSegments(tx, sessionId),
        };
      });
    },
  };
}
export type ArchiveService = ReturnType<typeof createArchiveService>;
