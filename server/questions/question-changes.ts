import { AppError } from '../../shared/errors.ts';
import { isPublic } from '../../shared/rules/moderation.ts';
import type { AuditEntry, QuestionModerateInput, QuestionStatus } from '../../shared/schemas/question.ts';
import type { Tx } from '../core/db/database.ts';
import type { Notice } from '../core/notices.ts';
import { indexQuestion } from '../core/search-index.repository.ts';
import { bumpVersions } from '../sessions/sessions.repository.ts';
import { toOwnQuestion, toPublicQuestion, toStaffQuestion } from './question-views.ts';
import { moveVotes } from '../votes/votes.repository.ts';
import { findQuestion, type QuestionPatch, type QuestionRow } from './questions.repository.ts';

/**
 * Numbers one question's change and says who hears of it: staff always, the public when the question is or was
 * public (a question hidden after approval is removed from their lists), and its asker in their own list.
 */
export async function questionChanged(
  tx: Tx,
  row: QuestionRow,
  before: QuestionStatus | null,
  audit?: AuditEntry,
): Promise<Notice[]> {
  const wasPublic = before !== null && isPublic(before);
  const nowPublic = isPublic(row.status);
  await indexQuestion(tx, { id: row.id, sessionId: row.session_id, text: row.text, visible: nowPublic });
  const versions = await bumpVersions(tx, row.session_id, { public: wasPublic || nowPublic });
  const sessionId = row.session_id;
  const notices: Notice[] = [
    {
      to: { kind: 'staff', sessionId },
      event: 'question:changed',
      payload: { sessionId, version: versions.staff, question: toStaffQuestion(row), ...(audit ? { audit } : {}) },
    },
    { to: { kind: 'resident', residentId: row.resident_id }, event: 'question:mine', payload: { question: toOwnQuestion(row) } },
  ];
  if (nowPublic) {
    notices.push({
      to: { kind: 'public', sessionId },
      event: 'question:changed',
      payload: { sessionId, version: versions.public, question: toPublicQuestion(row) },
    });
  } else if (wasPublic) {
    notices.push({
      to: { kind: 'public', sessionId },
      event: 'question:removed',
      payload: { sessionId, version: versions.public, questionId: row.id },
    });
  }
  return notices;
}

/** A question deleted at its asker's request: staff, and everybody when it was public, drop it from their lists. */
export async function questionRemoved(tx: Tx, row: QuestionRow): Promise<Notice[]> {
  const wasPublic = isPublic(row.status);
  const versions = await bumpVersions(tx, row.session_id, { public: wasPublic });
  const sessionId = row.session_id;
  const notices: Notice[] = [{ to: { kind: 'staff', sessionId }, event: 'question:removed', payload: { sessionId, version: versions.staff, questionId: row.id } }];
  if (wasPublic) notices.push({ to: { kind: 'public', sessionId }, event: 'question:removed', payload: { sessionId, version: versions.public, questionId: row.id } });
  return notices;
}

export function patchFor(input: QuestionModerateInput, row: QuestionRow, next: QuestionStatus, now: string): QuestionPatch {
  switch (input.action) {
    case 'reject':
      return { status: next, reject_reason: input.reason, reject_note: input.note || null };
    case 'edit':
      return input.text === row.text ? {} : { text: input.text, original_text: row.original_text ?? row.text };
    case 'stage':
      return { status: next, staged_at: now };
    case 'answer':
      return { status: next, answered_at: now };
    case 'reopen':
      return { status: next, answered_at: null };
    case 'merge':
      return { status: next, reject_reason: 'duplicate', reject_note: null, merged_into: input.intoQuestionId };
    default:
      return { status: next, reject_reason: null, reject_note: null };
  }
}

export function auditDetail(input: QuestionModerateInput, row: QuestionRow): Record<string, unknown> {
  switch (input.action) {
    case 'reject':
      return { from: row.status, reason: input.reason, note: input.note ?? null };
    case 'edit':
      return { before: row.text, after: input.text, note: input.note ?? null };
    case 'merge':
      return { from: row.status, into: input.intoQuestionId };
    default:
      return { from: row.status };
  }
}

/**
 * Moves a duplicate's votes to the question kept: a resident who voted for both counts once. Both counts are then
 * recomputed from the rows, so they stay equal to them.
 */
export async function mergeVotes(tx: Tx, duplicate: QuestionRow, intoId: number): Promise<QuestionRow> {
  if (intoId === duplicate.id) throw new AppError('bad_request', 'intoQuestionId: a question cannot be merged into itself');
  const into = await findQuestion(tx, intoId);
  if (!into) throw new AppError('not_found', `question ${intoId} does not exist`);
  if (into.session_id !== duplicate.session_id) throw new AppError('bad_request', 'intoQuestionId: questions of different sessions cannot be merged');
  if (!isPublic(into.status) || into.merged_into) throw new AppError('wrong_state', `question ${intoId} is ${into.status} and cannot take a merge`);
  await moveVotes(tx, duplicate.id, intoId);
  return (await findQuestion(tx, intoId))!;
}
