import type { ErrorBody } from '../../../../shared/errors.ts';
import type { FollowupView } from '../../../../shared/schemas/followup.ts';
import { followupsApi, type MyFollowup } from './followups.ts';

/**
 * The resident's questions with their fates (GET /api/me/questions), loaded once for the page. A new answer stays
 * flagged "new" for as long as the page is open; the server is told it was seen once it has been shown (`shown`),
 * so the next visit no longer flags it.
 */
class MyFollowups {
  byId = $state.raw<ReadonlyMap<number, MyFollowup>>(new Map());
  error = $state.raw<ErrorBody | null>(null);
  #loading: Promise<void> | null = null;
  #fresh = new Set<number>();
  #reported = new Set<number>();
  #toReport: number[] = [];

  ensure(): Promise<void> {
    this.#loading ??= this.reload();
    return this.#loading;
  }

  async reload(): Promise<void> {
    const ack = await followupsApi.mine();
    if (!ack.ok) {
      this.error = ack.error;
      this.#loading = null;
      return;
    }
    this.error = null;
    for (const v of ack.data) if (v.newAnswer) this.#fresh.add(v.question.id);
    this.byId = new Map(ack.data.map((v) => [v.question.id, { ...v, newAnswer: this.#fresh.has(v.question.id) }]));
  }

  /** Called by a question that shows its new answer; the answers shown in one render go to the server together. */
  shown(questionId: number): void {
    if (this.#reported.has(questionId)) return;
    this.#reported.add(questionId);
    if (this.#toReport.length === 0) queueMicrotask(() => void this.#report());
    this.#toReport.push(questionId);
  }

  async #report(): Promise<void> {
    const questionIds = this.#toReport.splice(0);
    const ack = await followupsApi.markSeen({ questionIds });
    // Not told: the answer is flagged new again on the next visit, which is the safe side.
    if (!ack.ok) for (const id of questionIds) this.#reported.delete(id);
  }

  /**
   * A follow-up's news pushed over the socket while the page is open; a written answer shows as new at once. It is
   * not told seen: a tab left open is not a resident reading, so the next visit flags it new again.
   */
  receive(view: FollowupView): void {
    const fresh = view.status === 'answered' && !!view.answer;
    if (fresh) {
      this.#fresh.add(view.question.id);
      this.#reported.add(view.question.id);
    }
    const next = new Map(this.byId);
    next.set(view.question.id, { ...view, newAnswer: fresh });
    this.byId = next;
  }

  /** Replaces one question's view after the asker rated or reopened it. */
  update(view: FollowupView): void {
    const next = new Map(this.byId);
    next.set(view.question.id, { ...view, newAnswer: false });
    this.#fresh.delete(view.question.id);
    this.byId = next;
  }
}

export const myFollowups = new MyFollowups();
