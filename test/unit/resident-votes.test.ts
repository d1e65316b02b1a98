import { describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.ts';
import type { VoteResult } from '../../shared/schemas/question.ts';
import { ResidentVotes } from '../../client/src/lib/session/resident-votes.svelte.ts';
import type { SessionFeed } from '../../client/src/lib/session/session-feed.svelte.ts';

/** The feed's part the votes use: the server's view of this resident's votes. */
function fakeFeed(): SessionFeed {
  const feed = {
    myVotes: new Set<number>() as ReadonlySet<number>,
    noteVote(result: VoteResult) {
      const votes = new Set(feed.myVotes);
      if (result.value) votes.add(result.questionId);
      else votes.delete(result.questionId);
      feed.myVotes = votes;
    },
  };
  return feed as unknown as SessionFeed;
}

function setup(options: { online?: boolean; refuse?: Ack<VoteResult> } = {}) {
  const feed = fakeFeed();
  const state = { online: options.online ?? true, now: 0 };
  const sent: Array<[number, boolean]> = [];
  const votes = new ResidentVotes({
    feed,
    connected: () => state.online,
    now: () => state.now,
    send: async (questionId, value) => {
      sent.push([questionId, value]);
      return options.refuse ?? { ok: true, data: { questionId, value, votes: value ? 1 : 0 } };
    },
  });
  return { feed, state, sent, votes };
}

describe('a resident tapping vote buttons', () => {
  it('counts a double tap (second tap 100–300 ms later) as one vote, and un-votes only on a later, separate tap', async () => {
    for (const gap of [100, 200, 300]) {
      const { feed, state, sent, votes } = setup();
      await votes.tap(4);
      state.now += gap;
      await votes.tap(4);
      expect(sent).toEqual([[4, true]]);
      expect(feed.myVotes.has(4)).toBe(true);
      state.now += 2000;
      await votes.tap(4);
      expect(sent).toEqual([[4, true], [4, false]]);
      expect(feed.myVotes.has(4)).toBe(false);
    }
  });

  it('ignores a tap while the same vote is still being sent', async () => {
    const { state, sent, votes } = setup();
    const first = votes.tap(4);
    state.now += 5000;
    await votes.tap(4);
    await first;
    expect(sent).toEqual([[4, true]]);
  });

  it('keeps a vote tapped offline as waiting, then sends it on reconnect and says so', async () => {
    const { feed, state, sent, votes } = setup({ online: false });
    await votes.tap(4);
    expect(sent).toEqual([]);
    expect(votes.voted(4)).toBe(true);
    expect(votes.waiting.get(4)).toBe(true);
    expect(votes.notice).toEqual({ kind: 'waiting' });
    state.online = true;
    await votes.flush();
    expect(sent).toEqual([[4, true]]);
    expect(feed.myVotes.has(4)).toBe(true);
    expect(votes.waiting.size).toBe(0);
    expect(votes.notice).toEqual({ kind: 'sent', count: 1 });
  });

  it('shows why a waiting vote was refused once sent, and a tap back while offline cancels it', async () => {
    const refused = setup({ online: false, refuse: { ok: false, error: { code: 'wrong_state', message: 'voting is closed' } } });
    await refused.votes.tap(4);
    refused.state.online = true;
    await refused.votes.flush();
    expect(refused.votes.notice).toEqual({ kind: 'failed', error: { code: 'wrong_state', message: 'voting is closed' } });

    const cancelled = setup({ online: false });
    await cancelled.votes.tap(4);
    cancelled.state.now += 2000;
    await cancelled.votes.tap(4);
    expect(cancelled.votes.waiting.size).toBe(0);
    expect(cancelled.votes.notice).toBeNull();
    cancelled.state.online = true;
    await cancelled.votes.flush();
    expect(cancelled.sent).toEqual([]);
  });
});
