import type { OwnQuestion, PublicQuestion, StaffQuestion } from '../../shared/schemas/question.ts';
import { residentTag } from '../auth/actor.ts';
import type { QuestionRow } from './questions.repository.ts';

/** The public view never carries an anonymous asker's name, whoever asks for it. */
export function toPublicQuestion(row: QuestionRow): PublicQuestion {
  return {
    id: row.id,
    sessionId: row.session_id,
    text: row.text,
    authorName: row.anonymous ? null : row.author_name,
    topic: row.topic,
    status: row.status,
    votes: row.vote_count,
    createdAt: row.created_at,
    stagedAt: row.staged_at,
    answeredAt: row.answered_at,
    trackingCode: row.tracking_code,
    channel: row.channel,
    mergedInto: row.merged_into,
  };
}

export function toOwnQuestion(row: QuestionRow): OwnQuestion {
  return {
    ...toPublicQuestion(row),
    rejectReason: row.reject_reason,
    rejectNote: row.reject_note,
    anonymous: row.anonymous === 1,
  };
}

export function toStaffQuestion(row: QuestionRow): StaffQuestion {
  return {
    ...toOwnQuestion(row),
    askerName: row.author_name,
    originalText: row.original_text,
    externalRef: row.external_ref,
    residentTag: residentTag(row.resident_id),
  };
}
