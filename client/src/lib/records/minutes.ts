import { REJECT_REASONS, type RejectReason } from '../../../../shared/schemas/question.ts';
import type { Minutes, MinutesQuestion } from '../../../../shared/schemas/transcript.ts';

/** GET /api/sessions/:id/minutes: what a session leaves for the record (biên bản), each question's fate stated by the server. */
export type { Minutes, MinutesQuestion };

export interface MinutesSummary {
  answered: MinutesQuestion[];
  /** Every other public question, with the fate the server gives it: written, closed, or not decided yet. */
  deferred: MinutesQuestion[];
  rejected: Array<{ reason: RejectReason; count: number }>;
  rejectedTotal: number;
}

/** When the recording shows the question: the moment it went on stage, else the moment it was marked answered. */
export function liveMoment(question: MinutesQuestion): number | null {
  return question.stagedAtMs ?? question.answeredAtMs;
}

/** Answered questions in the order they were taken, the others by votes, rejections by reason. */
export function summarize(minutes: Minutes): MinutesSummary {
  const answered = minutes.questions
    .filter((q) => q.fate === 'answered_live')
    .sort((a, b) => (liveMoment(a) ?? 0) - (liveMoment(b) ?? 0) || a.id - b.id);
  const deferred = minutes.questions.filter((q) => q.fate !== 'answered_live').sort((a, b) => b.votes - a.votes || a.id - b.id);
  const rejected = REJECT_REASONS.map((reason) => ({ reason, count: minutes.rejected[reason] ?? 0 })).filter((row) => row.count > 0);
  return { answered, deferred, rejected, rejectedTotal: rejected.reduce((sum, row) => sum + row.count, 0) };
}
