import type { ModerationAction, QuestionModerateInput, StaffQuestion } from '../../../../shared/schemas/question.ts';
import type { StaffRole } from '../../../../shared/schemas/staff.ts';
import { Action } from '../core/action.svelte.ts';
import type { LiveSession } from '../session/live-session.ts';
import { actionsFor, consoleColumns, inverseOf, selectionOrder, UNDO_WINDOW_MS, type CardAction, type Shortcut, type UndoAction } from './moderation.ts';

export type OpenForm = { questionId: number; kind: 'reject' | 'edit' };
/** The last action that can still be taken back, and the inverse that does it. */
export type Undoable = { questionId: number; done: ModerationAction; inverse: UndoAction };

/**
 * The console's working state over a staff feed: which question is selected, which inline form is open, and the
 * last outcome. Selection follows a question by id, so items arriving or re-ranking never move it elsewhere.
 */
export class ModeratorConsole extends Action {
  selectedId = $state<number | null>(null);
  form = $state.raw<OpenForm | null>(null);
  lastDone = $state.raw<{ action: ModerationAction; questionId: number } | null>(null);
  undoable = $state.raw<Undoable | null>(null);
  #undoTimer: ReturnType<typeof setTimeout> | undefined;

  readonly live: LiveSession;
  readonly role: StaffRole;
  columns = $derived.by(() => consoleColumns(this.live.feed.questions as StaffQuestion[]));
  order = $derived(selectionOrder(this.columns));

  constructor(live: LiveSession, role: StaffRole) {
    super();
    this.live = live;
    this.role = role;
  }

  get selected(): StaffQuestion | null {
    const id = this.selectedId ?? this.order[0];
    return (this.live.feed.questions as StaffQuestion[]).find((q) => q.id === id) ?? null;
  }

  can(question: StaffQuestion, action: CardAction): boolean {
    return actionsFor(question, this.role).includes(action);
  }

  move(step: 1 | -1): void {
    if (this.order.length === 0) return;
    const index = this.selected ? this.order.indexOf(this.selected.id) : -1;
    const next = index === -1 ? 0 : Math.min(this.order.length - 1, Math.max(0, index + step));
    this.selectedId = this.order[next] ?? null;
  }

  /** Runs a shortcut on the selected question; returns whether it applied, so the page can move focus. */
  shortcut(shortcut: Shortcut): boolean {
    if (shortcut === 'undo') {
      if (!this.undoable || this.busy) return false;
      void this.undo();
      return true;
    }
    if (shortcut === 'next' || shortcut === 'previous') {
      this.move(shortcut === 'next' ? 1 : -1);
      return true;
    }
    const question = this.selected;
    if (!question) return false;
    if (shortcut === 'reject' || shortcut === 'edit') {
      if (!this.can(question, shortcut)) return false;
      this.form = { questionId: question.id, kind: shortcut };
      return true;
    }
    if (!this.can(question, shortcut)) return false;
    void this.act({ questionId: question.id, action: shortcut });
    return true;
  }

  async act(input: QuestionModerateInput): Promise<void> {
    // Approving or rejecting takes a question out of the queue; the selection moves on to its neighbour there.
    const leavesQueue = input.action === 'approve' || input.action === 'reject';
    const queue = this.columns.pending.map((q) => q.id);
    const at = queue.indexOf(input.questionId);
    const neighbour = at === -1 ? null : (queue[at + 1] ?? queue[at - 1] ?? null);
    await this.run(
      () => this.live.moderate(input),
      () => {
        this.lastDone = { action: input.action, questionId: input.questionId };
        this.form = null;
        this.#offerUndo(input);
        if (leavesQueue && at !== -1 && neighbour !== null) this.selectedId = neighbour;
      },
    );
  }

  /** Sends the inverse of the last action while its window is open; the undo itself offers no undo. */
  async undo(): Promise<void> {
    const undoable = this.undoable;
    if (!undoable) return;
    this.#clearUndo();
    await this.act({ questionId: undoable.questionId, action: undoable.inverse });
    if (!this.error) this.selectedId = undoable.questionId;
  }

  dispose(): void {
    this.#clearUndo();
  }

  #offerUndo(input: QuestionModerateInput): void {
    this.#clearUndo();
    const inverse = inverseOf(input.action);
    if (!inverse || input.action === 'requeue') return;
    this.undoable = { questionId: input.questionId, done: input.action, inverse };
    this.#undoTimer = setTimeout(() => (this.undoable = null), UNDO_WINDOW_MS);
  }

  #clearUndo(): void {
    clearTimeout(this.#undoTimer);
    this.undoable = null;
  }
}
