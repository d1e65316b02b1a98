import type { QuestionModerateInput } from '../../shared/schemas/question.ts';
import type { Tx } from '../core/db/database.ts';
import { enqueueNotification, type NotificationKind } from '../core/outbox.repository.ts';

const MODERATION_NEWS: Partial<Record<QuestionModerateInput['action'], NotificationKind>> = {
  approve: 'approved',
  reject: 'rejected',
  stage: 'on_stage',
  answer: 'answered_live',
};

/**
 * Puts news of a question's change in the outbox, in the transaction of the change. `auditId` names the change,
 * so the notification key is stable: the same change never enqueues twice.
 */
export async function tellAsker(
  tx: Tx,
  questionId: number,
  kind: NotificationKind,
  auditId: number,
  params: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await enqueueNotification(tx, { questionId, kind, key: `${kind}:${questionId}:${auditId}`, params, now });
}

/** The news a moderation action is to its asker, if any (an edit or a merge is not news to them). */
export function moderationNews(action: QuestionModerateInput['action']): NotificationKind | undefined {
  return MODERATION_NEWS[action];
}
