import type { Ack, ErrorBody } from '../../../../shared/errors.ts';
import type { VoteResult } from '../../../../shared/schemas/question.ts';
import type { SessionFeed } from './session-feed.svelte.ts';

/**
 * A phone's double tap lands its second tap 100–300 ms after the first: taps on one question closer together than
 * this are one intention, so a quick second tap never takes back the vote the first one cast. Un-voting is a tap
 * of its own, after a pause.
 */
export const SAME_INTENTION_MS = 600;

export type VoteNotice =
  | { kind: 'waiting' }
  | { kind: 'sent'; count: number }
  | { kind: 'failed'; error: ErrorBody };

export interface ResidentVotesDeps {
  feed: SessionFeed;
  connected: () => boolean;
  /** Sends the wanted state of one vote (not a toggle), so a retry lands once. */
  send: (questionId: number, value: boolean) => Promise<Ack<VoteResult>>;
  now?: () => number;
}

/**
 * A resident's taps on vote buttons: one vote per intention, and never a silent surprise. A tap while the connection
 * is down waits, shown as waiting; on reconnect it is sent once the feed has the server's state again, and the page
 * says what became of it.
 */
export class ResidentVotes {
  /** Votes tapped while offline: question id → the state wanted. */
  waiting = $state.raw<ReadonlyMap<number, boolean>>(new Map());
  notice = $state.raw<VoteNotice | null>(null);
  readonly #deps: ResidentVotesDeps;
  readonly #lastTap = new Map<number, number>();
  readonly #sending = new Set<number>();

  constructor(deps: ResidentVotesDeps) {
    this.#deps = deps;
  }

  /** What the button shows: a waiting vote's wanted state, else the server's. */
  voted(questionId: number): boolean {
    return this.waiting.get(questionId) ?? this.#deps.feed.myVotes.has(questionId);
  }

  async tap(questionId: number): Promise<void> {
    const now = (this.#deps.now ?? performance.now.bind(performance))();
    const last = this.#lastTap.get(questionId);
    this.#lastTap.set(questionId, now);
    // Measured from the previous tap, taken or not: a burst of taps is one intention however long it lasts.
    if ((last !== undefined && now - last < SAME_INTENTION_MS) || this.#sending.has(questionId)) return;
    const value = !this.voted(questionId);
    if (!this.#deps.connected()) {
      const waiting = new Map(this.waiting);
      // Tapping back to what the server has cancels the waiting vote instead of queueing a second one.
      if (value === this.#deps.feed.myVotes.has(questionId)) waiting.delete(questionId);
      else waiting.set(questionId, value);
      this.waiting = waiting;
      this.notice = waiting.size ? { kind: 'waiting' } : null;
      return;
    }
    const error = await this.#send(questionId, value);
    this.notice = error ? { kind: 'failed', error } : null;
  }

  /** Sends the votes that waited for the connection; call once the feed is in step with the server again. */
  async flush(): Promise<void> {
    const waiting = [...this.waiting];
    if (waiting.length === 0) return;
    this.waiting = new Map();
    let sent = 0;
    let failure: ErrorBody | null = null;
    for (const [questionId, value] of waiting) {
      // A vote the server already has (sent before the drop after all) needs nothing more.
      if (this.#deps.feed.myVotes.has(questionId) === value) {
        sent += 1;
        continue;
      }
      const error = await this.#send(questionId, value);
      if (error) failure = error;
      else sent += 1;
    }
    this.notice = failure ? { kind: 'failed', error: failure } : { kind: 'sent', count: sent };
  }

  async #send(questionId: number, value: boolean): Promise<ErrorBody | null> {
    this.#sending.add(questionId);
    try {
      const ack = await this.#deps.send(questionId, value);
      if (!ack.ok) return ack.error;
      this.#deps.feed.noteVote(ack.data);
      return null;
    } finally {
      this.#sending.delete(questionId);
    }
  }
}
