import { REJECT_REASONS, type RejectReason } from '../../../shared/schemas/question.ts';
import type { Session } from '../../../shared/schemas/session.ts';
import type { Segment } from '../../../shared/schemas/transcript.ts';

/** GET /api/sessions/:id/minutes: what a session leaves for the record (biên bản). */
export interface MinutesQuestion {
  id: number;
  text: string;
  authorName: string | null;
  status: string;
  votes: number;
  stagedAtMs: number | null;
  answeredAtMs: number | null;
}

export interface Minutes {
  session: Session;
  questions: MinutesQuestion[];
  rejected: Partial<Record<RejectReason, number>>;
  segments: Segment[];
}

export type Fate = { kind: 'answered'; atMs: number | null } | { kind: 'deferred' };

/** A public question's fate: answered live (at the moment it went on stage) or deferred for a written answer. */
export function fateOf(question: MinutesQuestion): Fate {
  if (question.status === 'answered' || question.status === 'on_stage') {
    return { kind: 'answered', atMs: question.stagedAtMs ?? question.answeredAtMs };
  }
  return { kind: 'deferred' };
}

export interface MinutesSummary {
  answered: MinutesQuestion[];
  deferred: MinutesQuestion[];
  rejected: Array<{ reason: RejectReason; count: number }>;
  rejectedTotal: number;
}

/** Answered questions in the order they were taken, deferred ones by votes, rejections by reason. */
export function summarize(minutes: Minutes): MinutesSummary {
  const answered = minutes.questions
    .filter((q) => fateOf(q).kind === 'answered')
    .sort((a, b) => (a.stagedAtMs ?? a.answeredAtMs ?? 0) - (b.stagedAtMs ?? b.answeredAtMs ?? 0) || a.id - b.id);
  const deferred = minutes.questions.filter((q) => fateOf(q).kind === 'deferred').sort((a, b) => b.votes - a.votes || a.id - b.id);
  const rejected = REJECT_REASONS.map((reason) => ({ reason, count: minutes.rejected[reason] ?? 0 })).filter((row) => row.count > 0);
  return { answered, deferred, rejected, rejectedTotal: rejected.reduce((sum, row) => sum + row.count, 0) };
}
