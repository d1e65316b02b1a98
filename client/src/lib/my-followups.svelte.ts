import type { ErrorBody } from '../../../shared/errors.ts';
import type { FollowupView } from '../../../shared/schemas/followup.ts';
import { followupsApi, type MyFollowup } from './followups.ts';

/**
 * The resident's questions with their fates (GET /api/me/questions), loaded once for the page. The server marks
 * new answers as seen when the list is read, so the "new" flag of the first read is kept for as long as the page is.
 */
class MyFollowups {
  byId = $state.raw<ReadonlyMap<number, MyFollowup>>(new Map());
  error = $state.raw<ErrorBody | null>(null);
  #loading: Promise<void> | null = null;
  #fresh = new Set<number>();

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

  /** Replaces one question's view after the asker rated or reopened it. */
  update(view: FollowupView): void {
    const next = new Map(this.byId);
    next.set(view.question.id, { ...view, newAnswer: false });
    this.#fresh.delete(view.question.id);
    this.byId = next;
  }
}

export const myFollowups = new MyFollowups();
