import type { PublicQuestion } from '../../../../shared/schemas/question.ts';
import { followupsApi } from '../followups/followups.ts';

export const SIMILAR_MIN_CHARS = 15;
const DEBOUNCE_MS = 350;

/** Similar questions of the session for a draft, fetched once the typing pauses; a late answer never overwrites a newer one. */
export class SimilarQuestions {
  items = $state.raw<PublicQuestion[]>([]);
  readonly #sessionId: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;
  #last = '';

  constructor(sessionId: number) {
    this.#sessionId = sessionId;
  }

  update(draft: string): void {
    const text = draft.trim();
    clearTimeout(this.#timer);
    if (text.length < SIMILAR_MIN_CHARS) {
      this.#asked += 1;
      this.#last = '';
      this.items = [];
      return;
    }
    if (text === this.#last) return;
    this.#timer = setTimeout(() => void this.#fetch(text), DEBOUNCE_MS);
  }

  async #fetch(text: string): Promise<void> {
    const asked = ++this.#asked;
    const ack = await followupsApi.similar(this.#sessionId, text);
    if (asked !== this.#asked) return;
    this.#last = text;
    this.items = ack.ok ? ack.data : [];
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
