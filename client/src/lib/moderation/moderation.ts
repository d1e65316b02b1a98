import { allowedActions, CHAIR_ACTIONS } from '../../../../shared/rules/moderation.ts';
import { compareTop } from '../../../../shared/rules/ranking.ts';
import type { ModerationAction, StaffQuestion } from '../../../../shared/schemas/question.ts';
import type { StaffRole } from '../../../../shared/schemas/staff.ts';
import type { MessageKey } from '../i18n/index.svelte.ts';

export interface ConsoleColumns {
  /** Oldest first: the queue is worked in the order residents asked. */
  pending: StaffQuestion[];
  approved: StaffQuestion[];
  onStage: StaffQuestion | null;
  answered: StaffQuestion[];
  /** Set aside with a reason; newest first. */
  rejected: StaffQuestion[];
  /** Merged into another question (stored as rejected, reason "duplicate"): its votes and fate went there. */
  merged: StaffQuestion[];
}

export function consoleColumns(questions: readonly StaffQuestion[]): ConsoleColumns {
  const by = (status: StaffQuestion['status']) => questions.filter((q) => q.status === status);
  return {
    pending: by('pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id),
    approved: by('approved').sort(compareTop),
    onStage: questions.find((q) => q.status === 'on_stage') ?? null,
    answered: by('answered').sort((a, b) => (b.answeredAt ?? '').localeCompare(a.answeredAt ?? '')),
    rejected: by('rejected').filter((q) => q.mergedInto === null).sort((a, b) => b.id - a.id),
    merged: by('rejected').filter((q) => q.mergedInto !== null).sort((a, b) => b.id - a.id),
  };
}

/** The questions J and K walk through, column by column as they appear on screen. */
export function selectionOrder(columns: ConsoleColumns): number[] {
  return [...columns.pending, ...columns.approved, ...(columns.onStage ? [columns.onStage] : [])].map((q) => q.id);
}

/** The actions a card's buttons take on their own question; a merge needs a second question and has its own control. */
export type CardAction = Exclude<ModerationAction, 'merge'>;

// The step a moderator most likely wants next comes first on each card.
const BUTTON_ORDER: readonly CardAction[] = ['approve', 'stage', 'answer', 'unstage', 'reopen', 'edit', 'reject', 'requeue'];

/** A chair runs the stage; deciding what is published stays with moderators and administrators. */
function roleMay(role: StaffRole, action: ModerationAction): boolean {
  return role !== 'chair' || CHAIR_ACTIONS.includes(action);
}

/** The buttons a staff member gets for a question: what its status allows, narrowed for a chair. */
export function actionsFor(question: StaffQuestion, role: StaffRole): CardAction[] {
  const allowed = allowedActions(question.status).filter((action) => roleMay(role, action));
  return BUTTON_ORDER.filter((action) => allowed.includes(action));
}

export type Shortcut = 'next' | 'previous' | 'approve' | 'reject' | 'edit' | 'stage' | 'undo';
const KEYS: Record<string, Shortcut> = { j: 'next', k: 'previous', a: 'approve', r: 'reject', e: 'edit', s: 'stage', z: 'undo' };

/** The single-key shortcuts that act on a question, in the order the console lists them, for those the role may take. */
export function actionShortcutsFor(role: StaffRole): Array<'approve' | 'reject' | 'edit' | 'stage'> {
  return (['approve', 'reject', 'edit', 'stage'] as const).filter((action) => roleMay(role, action));
}

/**
 * The action that takes a slip back (shared/rules/moderation.ts): approving or rejecting returns a question to
 * the queue, staging takes it down, answering reopens it. Edits and the inverses themselves offer no undo.
 */
export type UndoAction = 'requeue' | 'unstage' | 'reopen';
export function inverseOf(action: ModerationAction): UndoAction | null {
  switch (action) {
    case 'approve':
    case 'reject':
      return 'requeue';
    case 'stage':
      return 'unstage';
    case 'answer':
      return 'reopen';
    default:
      return null;
  }
}

/** How long the "Hoàn tác" button stays after an action. */
export const UNDO_WINDOW_MS = 8000;

/** The console shortcut a key press means, or null while typing in a field or holding a modifier. */
export function shortcutOf(event: KeyboardEvent): Shortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target as HTMLElement | null;
  if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return null;
  return KEYS[event.key.toLowerCase()] ?? null;
}

export const ACTION_LABELS: Record<ModerationAction, MessageKey> = {
  approve: 'mod.approve',
  reject: 'mod.reject',
  edit: 'mod.edit',
  stage: 'mod.stageIt',
  unstage: 'mod.unstage',
  answer: 'mod.answer',
  reopen: 'mod.reopen',
  requeue: 'mod.requeue',
  merge: 'mod.merge',
};

/**
 * What the console says it just did, as a whole sentence per action: a label such as "Đã trả lời" cannot be slotted
 * into "Đã {action}" without saying "Đã Đã trả lời".
 */
export const DONE_NOTICES: Record<ModerationAction, MessageKey> = {
  approve: 'mod.did.approve',
  reject: 'mod.did.reject',
  edit: 'mod.did.edit',
  stage: 'mod.did.stage',
  unstage: 'mod.did.unstage',
  answer: 'mod.did.answer',
  reopen: 'mod.did.reopen',
  requeue: 'mod.did.requeue',
  merge: 'mod.did.merge',
};

/** The key that triggers an action on the selected question, shown beside its button. */
export const ACTION_KEYS: Partial<Record<ModerationAction, string>> = { approve: 'A', reject: 'R', edit: 'E', stage: 'S' };
