import type { OwnQuestion, PublicQuestion, StaffQuestion } from '../../shared/schemas/question.ts';
import { residentTag } from '../auth/actor.ts';
import type { QuestionRow } from './questions.repository.ts';

/** The public view carries a name only when it is published (Law 91/2025/QH15 Art. 16), whoever asks for it. */
export function toPublicQuestion(row: QuestionRow): PublicQuestion {
  return {
    id: row.id,
    sessionId: row.session_id,
    text: row.text,
    authorName: row.name_public ? row.author_name : null,
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
    name: row.author_name,
    namePublished: row.name_public === 1,
  };
}

/** An unpublished name stays out of the staff feed: reading it is a separate, audited request. */
export function toStaffQuestion(row: QuestionRow): StaffQuestion {
  const { name: _held, ...own } = toOwnQuestion(row);
  return {
    ...own,
    askerName: row.name_public ? row.author_name : null,
    askerNameHidden: row.author_name !== null && !row.name_public,
    nameBasis: row.name_basis,
    originalText: row.original_text,
    externalRef: row.external_ref,
    residentTag: residentTag(row.resident_id),
  };
}
