import type { ModerationAction, QuestionStatus } from '../schemas/question.ts';

/**
 * Which status each moderation action leads to, from which statuses. Every action has an inverse
 * (approve/requeue, reject/requeue, stage/unstage, answer/reopen) so a slip on the console can be undone.
 */
const TRANSITIONS: Record<ModerationAction, { from: readonly QuestionStatus[]; to: QuestionStatus | null }> = {
  approve: { from: ['pending', 'rejected'], to: 'approved' },
  reject: { from: ['pending', 'approved'], to: 'rejected' },
  requeue: { from: ['approved', 'rejected'], to: 'pending' },
  edit: { from: ['pending', 'approved', 'on_stage'], to: null },
  stage: { from: ['approved', 'answered'], to: 'on_stage' },
  unstage: { from: ['on_stage'], to: 'approved' },
  answer: { from: ['on_stage', 'approved'], to: 'answered' },
  reopen: { from: ['answered'], to: 'approved' },
  merge: { from: ['pending', 'approved'], to: 'rejected' },
};

/** The status after `action`, the same status for an edit, or null when the action does not apply. */
export function statusAfter(status: QuestionStatus, action: ModerationAction): QuestionStatus | null {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) return null;
  return rule.to ?? status;
}

/**
 * Whether the question already is where the action leads, as after a retried command whose ack was lost: the
 * retry then succeeds without changing anything, instead of failing a moderator who did nothing wrong.
 */
export function alreadyDone(status: QuestionStatus, action: ModerationAction): boolean {
  // A merge is done only if it went into the same question; the service checks that itself.
  return action !== 'merge' && TRANSITIONS[action].to === status;
}

export function allowedActions(status: QuestionStatus): ModerationAction[] {
  return (Object.keys(TRANSITIONS) as ModerationAction[]).filter((action) => TRANSITIONS[action].from.includes(status));
}

/** Statuses anybody, not only staff and the asker, may see. */
export const PUBLIC_STATUSES: readonly QuestionStatus[] = ['approved', 'on_stage', 'answered'];

/** Public and not yet answered: such a question still takes votes and still waits for its answer. */
export const UNANSWERED_STATUSES: readonly QuestionStatus[] = ['approved', 'on_stage'];

/** Whether anybody, not only staff and the asker, may see a question in this status. */
export function isPublic(status: QuestionStatus): boolean {
  return PUBLIC_STATUSES.includes(status);
}

/** Actions that change what the public sees and so need a moderator; staging only needs the chair. */
export const CHAIR_ACTIONS: readonly ModerationAction[] = ['stage', 'unstage', 'answer', 'reopen'];
