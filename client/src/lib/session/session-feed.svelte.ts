import type { Ack, ErrorBody } from '../../../../shared/errors.ts';
import type { ServerToClientEvents, Snapshot } from '../../../../shared/events.ts';
import type { AuditEntry, OwnQuestion, PublicQuestion, StaffQuestion, VoteResult } from '../../../../shared/schemas/question.ts';
import type { Session } from '../../../../shared/schemas/session.ts';
import { shownSession } from '../routing/shown-session.svelte.ts';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];
type VersionedEvent = 'session:changed' | 'question:changed' | 'question:removed' | 'votes:tallied';

/** A numbered broadcast about one session, tagged with its event name. */
export type FeedEvent = { [E in VersionedEvent]: { type: E; payload: Payload<E> } }[VersionedEvent];

export type FeedQuestion = PublicQuestion | StaffQuestion;
export type FeedStatus = 'loading' | 'ready' | 'syncing' | 'not_found' | 'failed';

export interface SessionFeedOptions {
  sessionId: number;
  /** Joins the session's rooms and returns its snapshot; called again on every resync. */
  join: () => Promise<Ack<Snapshot>>;
}

function upsert<T extends { id: number }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index === -1) return [...list, item];
  const next = [...list];
  next[index] = item;
  return next;
}

/**
 * One session as this browser sees it, kept current from a snapshot plus numbered broadcasts. Broadcasts that
 * arrive while a join is in flight wait in a buffer; afterwards each must be exactly the next version. Older ones
 * are duplicates and ignored; a gap means something was missed, so the feed joins again for a fresh snapshot.
 */
export class SessionFeed {
  status = $state<FeedStatus>('loading');
  view = $state<Snapshot['view']>('public');
  session = $state.raw<Session | null>(null);
  questions = $state.raw<FeedQuestion[]>([]);
  mine = $state.raw<OwnQuestion[]>([]);
  myVotes = $state.raw<ReadonlySet<number>>(new Set());
  audit = $state.raw<AuditEntry[]>([]);
  /** The latest question that appeared through a broadcast (not a snapshot), for screen-reader announcements. */
  arrival = $state.raw<FeedQuestion | null>(null);
  error = $state.raw<ErrorBody | null>(null);
  version = 0;

  readonly sessionId: number;
  readonly #join: () => Promise<Ack<Snapshot>>;
  #joining = false;
  #generation = 0;
  #buffer: FeedEvent[] = [];

  constructor(options: SessionFeedOptions) {
    this.sessionId = options.sessionId;
    this.#join = options.join;
  }

  /** Fetches a fresh snapshot; the rows on screen stay until it arrives, then are replaced whole. */
  async resync(): Promise<void> {
    const generation = ++this.#generation;
    this.#joining = true;
    this.#buffer = [];
    if (this.session) this.status = 'syncing';
    const ack = await this.#join();
    // A later resync (a reconnect while this one was in flight) owns the feed now.
    if (generation !== this.#generation) return;
    this.#joining = false;
    if (!ack.ok) {
      this.error = ack.error;
      this.status = ack.error.code === 'not_found' ? 'not_found' : 'failed';
      return;
    }
    this.#applySnapshot(ack.data);
    const buffered = this.#buffer.sort((a, b) => a.payload.version - b.payload.version);
    this.#buffer = [];
    for (const event of buffered) {
      this.receive(event);
      if (this.#joining) break;
    }
  }

  receive(event: FeedEvent): void {
    if (event.payload.sessionId !== this.sessionId) return;
    if (this.#joining) {
      this.#buffer.push(event);
      return;
    }
    if (this.status !== 'ready') return;
    const { version } = event.payload;
    if (version <= this.version) return;
    if (version > this.version + 1) {
      void this.resync();
      return;
    }
    this.#apply(event);
    this.version = version;
  }

  /** The resident's own question changed (asked, approved, rejected, answered): unversioned, so simply upserted. */
  receiveMine(question: OwnQuestion): void {
    if (question.sessionId !== this.sessionId) return;
    this.mine = upsert(this.mine, question);
  }

  /** The server confirmed this browser's vote; its count is at least as new as any tally already received. */
  noteVote(result: VoteResult): void {
    const votes = new Set(this.myVotes);
    if (result.value) votes.add(result.questionId);
    else votes.delete(result.questionId);
    this.myVotes = votes;
    this.questions = this.questions.map((q) => (q.id === result.questionId ? { ...q, votes: result.votes } : q));
  }

  #applySnapshot(snapshot: Snapshot): void {
    this.view = snapshot.view;
    this.session = snapshot.session;
    shownSession.show(snapshot.session);
    this.version = snapshot.version;
    this.questions = snapshot.questions;
    this.mine = snapshot.mine;
    this.myVotes = new Set(snapshot.myVotes);
    this.audit = snapshot.view === 'staff' ? snapshot.audit : [];
    this.error = null;
    this.status = 'ready';
  }

  #apply(event: FeedEvent): void {
    switch (event.type) {
      case 'session:changed':
        this.session = event.payload.session;
        shownSession.show(event.payload.session);
        if (event.payload.audit) this.audit = [event.payload.audit, ...this.audit];
        break;
      case 'question:changed': {
        const { question, audit } = event.payload;
        const isNew = !this.questions.some((q) => q.id === question.id);
        this.questions = upsert(this.questions, question);
        if (isNew) this.arrival = question;
        if (audit) this.audit = [audit, ...this.audit];
        break;
      }
      case 'question:removed':
        this.questions = this.questions.filter((q) => q.id !== event.payload.questionId);
        break;
      case 'votes:tallied': {
        const counts = new Map(event.payload.counts);
        this.questions = this.questions.map((q) => {
          const votes = counts.get(q.id);
          return votes === undefined || votes === q.votes ? q : { ...q, votes };
        });
        break;
      }
    }
  }
}
