import { describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.ts';
import type { Snapshot } from '../../shared/events.ts';
import type { PublicQuestion } from '../../shared/schemas/question.ts';
import { SessionFeed, type FeedEvent } from '../../client/src/lib/session/session-feed.svelte.ts';
import { sessionFixture } from '../support/factory.ts';

const SESSION_ID = 7;

const session = sessionFixture({ id: SESSION_ID });

function question(id: number, votes = 0): PublicQuestion {
  return {
    id,
    sessionId: SESSION_ID,
    text: `Câu hỏi số ${id} về vỉa hè`,
    authorName: null,
    topic: null,
    status: 'approved',
    votes,
    createdAt: `2026-01-01T07:0${id}:00.000Z`,
    stagedAt: null,
    answeredAt: null,
    trackingCode: `TD-2026-01-${String(id).padStart(4, '0')}`,
    channel: 'online',
    mergedInto: null,
  };
}

function snapshot(version: number, questions: PublicQuestion[]): Snapshot {
  return { view: 'public', session, version, questions, mine: [], myVotes: [] };
}

const changed = (version: number, q: PublicQuestion): FeedEvent => ({
  type: 'question:changed',
  payload: { sessionId: SESSION_ID, version, question: q },
});
const tallied = (version: number, counts: Array<[number, number]>): FeedEvent => ({
  type: 'votes:tallied',
  payload: { sessionId: SESSION_ID, version, counts },
});

/** A feed whose joins answer with the queued snapshots, one per join, and can be held open to test buffering. */
function fakeFeed(...snapshots: Snapshot[]) {
  const joins: Array<(ack: Ack<Snapshot>) => void> = [];
  let calls = 0;
  const feed = new SessionFeed({
    sessionId: SESSION_ID,
    join: () => {
      calls += 1;
      return new Promise((resolve) => joins.push(resolve));
    },
  });
  return {
    feed,
    joinCount: () => calls,
    /** Answers the oldest join still waiting with the next queued snapshot. */
    answer: async () => {
      joins.shift()!({ ok: true, data: snapshots.shift()! });
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

const ids = (feed: SessionFeed) => feed.questions.map((q) => q.id);

describe('SessionFeed', () => {
  it('applies the next version and ignores stale or duplicate ones', async () => {
    const { feed, answer } = fakeFeed(snapshot(5, [question(1)]));
    const syncing = feed.resync();
    await answer();
    await syncing;

    feed.receive(changed(6, question(2)));
    feed.receive(changed(6, question(2)));
    feed.receive(changed(4, question(3)));
    expect(ids(feed)).toEqual([1, 2]);
    expect(feed.version).toBe(6);
    expect(feed.arrival?.id).toBe(2);
  });

  it('buffers broadcasts during a join and applies only those after the snapshot, in order', async () => {
    const { feed, answer } = fakeFeed(snapshot(10, [question(1)]));
    const syncing = feed.resync();
    feed.receive(tallied(12, [[1, 3]]));
    feed.receive(changed(9, question(9)));
    feed.receive(changed(11, question(2)));
    feed.receive(changed(10, question(10)));
    await answer();
    await syncing;

    expect(ids(feed)).toEqual([1, 2]);
    expect(feed.questions[0]!.votes).toBe(3);
    expect(feed.version).toBe(12);
    expect(feed.status).toBe('ready');
  });

  it('joins again for a fresh snapshot when a version is missing', async () => {
    const { feed, answer, joinCount } = fakeFeed(snapshot(1, [question(1)]), snapshot(4, [question(1, 2), question(2)]));
    const first = feed.resync();
    await answer();
    await first;

    feed.receive(changed(3, question(3)));
    expect(joinCount()).toBe(2);
    expect(feed.status).toBe('syncing');
    // Rows stay on screen while the fresh snapshot is on its way; then they are replaced whole.
    expect(ids(feed)).toEqual([1]);
    feed.receive(tallied(5, [[2, 1]]));
    await answer();

    expect(ids(feed)).toEqual([1, 2]);
    expect(feed.questions.map((q) => q.votes)).toEqual([2, 1]);
    expect(feed.version).toBe(5);
    expect(feed.status).toBe('ready');
  });

  it('lets the latest of overlapping joins win', async () => {
    const { feed, answer } = fakeFeed(snapshot(3, [question(1)]), snapshot(8, [question(1), question(2)]));
    const stale = feed.resync();
    const fresh = feed.resync();
    await answer();
    await stale;
    expect(feed.status).toBe('loading');
    await answer();
    await fresh;
    expect(feed.version).toBe(8);
    expect(ids(feed)).toEqual([1, 2]);
  });

  it('removes questions, ignores other sessions and reports a missing session', async () => {
    const { feed, answer } = fakeFeed(snapshot(1, [question(1), question(2)]));
    const syncing = feed.resync();
    await answer();
    await syncing;
    feed.receive({ type: 'question:removed', payload: { sessionId: SESSION_ID, version: 2, questionId: 1 } });
    feed.receive({ type: 'question:removed', payload: { sessionId: SESSION_ID + 1, version: 3, questionId: 2 } });
    expect(ids(feed)).toEqual([2]);
    expect(feed.version).toBe(2);

    const missing = new SessionFeed({
      sessionId: 99,
      join: async () => ({ ok: false, error: { code: 'not_found', message: 'no such session' } }),
    });
    await missing.resync();
    expect(missing.status).toBe('not_found');
  });

  it('keeps the resident’s own questions and votes up to date', async () => {
    const { feed, answer } = fakeFeed(snapshot(1, [question(1)]));
    const syncing = feed.resync();
    await answer();
    await syncing;
    feed.receiveMine({ ...question(5), status: 'pending', rejectReason: null, rejectNote: null, name: null, namePublished: false });
    feed.receiveMine({ ...question(5), status: 'rejected', rejectReason: 'off_topic', rejectNote: null, name: null, namePublished: false });
    expect(feed.mine.map((q) => [q.id, q.status])).toEqual([[5, 'rejected']]);

    feed.noteVote({ questionId: 1, value: true, votes: 4 });
    expect(feed.myVotes.has(1)).toBe(true);
    expect(feed.questions[0]!.votes).toBe(4);
  });

  it('adds a session change to an open console’s log as it happens', async () => {
    const { feed, answer } = fakeFeed({ view: 'staff', session, version: 3, questions: [], mine: [], myVotes: [], audit: [] });
    const syncing = feed.resync();
    await answer();
    await syncing;
    const audit = { id: 9, sessionId: SESSION_ID, questionId: null, actor: 'chair', action: 'session.transition', detail: { from: 'open', to: 'live' }, at: '2026-01-01T07:00:00.000Z' };
    feed.receive({ type: 'session:changed', payload: { sessionId: SESSION_ID, version: 4, session: { ...session, state: 'live' }, audit } });
    expect(feed.session?.state).toBe('live');
    expect(feed.audit).toEqual([audit]);
  });
});
