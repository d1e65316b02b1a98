import { AppError } from '../../shared/errors.ts';
import { acceptsVotes } from '../../shared/rules/session-state.ts';
import type { Poll, PollCreateInput, PollVoteInput } from '../../shared/schemas/poll.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Tx, Queryable } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import { requireSession } from '../sessions/sessions.service.ts';

interface PollRow {
  id: number;
  session_id: number;
  question: string;
  multiple: number;
  theme_poll: number;
  status: Poll['status'];
  revision: number;
}

async function loadPoll(q: Queryable, row: PollRow): Promise<Poll> {
  const options = await q.all<{ id: number; label: string; votes: number }>(
    `SELECT o.id, o.label, (SELECT COUNT(*) FROM poll_votes v WHERE v.option_id = o.id) AS votes
     FROM poll_options o WHERE o.poll_id = ? ORDER BY o.position`,
    [row.id],
  );
  const voters = await q.get<{ n: number }>('SELECT COUNT(DISTINCT resident_id) AS n FROM poll_votes WHERE poll_id = ?', [row.id]);
  return {
    id: row.id,
    sessionId: row.session_id,
    question: row.question,
    multiple: row.multiple === 1,
    themePoll: row.theme_poll === 1,
    status: row.status,
    revision: row.revision,
    options,
    voters: voters!.n,
  };
}

async function requirePoll(q: Queryable, id: number): Promise<PollRow> {
  const row = await q.get<PollRow>('SELECT * FROM polls WHERE id = ?', [id]);
  if (!row) throw new AppError('not_found', `poll ${id} does not exist`);
  return row;
}

/** Publishes a poll's whole state under a new revision: drafts to staff only, the rest to everybody. */
async function pollChanged(tx: Tx, pollId: number): Promise<Notice[]> {
  const row = (await tx.get<PollRow>('UPDATE polls SET revision = revision + 1 WHERE id = ? RETURNING *', [pollId]))!;
  const poll = await loadPoll(tx, row);
  const audiences = row.status === 'draft' ? (['staff'] as const) : (['staff', 'public'] as const);
  return audiences.map((kind): Notice => ({ to: { kind, sessionId: row.session_id }, event: 'poll:changed', payload: poll }));
}

/**
 * Closes the session's open polls as it ends, in the same write: residents' pages close them from the broadcast,
 * instead of showing a poll whose votes the server refuses. Drafts stay drafts (never shown, now never opened).
 */
export async function closeSessionPolls(tx: Tx, sessionId: number): Promise<Notice[]> {
  const closed = await tx.all<{ id: number }>("UPDATE polls SET status = 'closed' WHERE session_id = ? AND status = 'open' RETURNING id", [sessionId]);
  return (await Promise.all(closed.map((row) => pollChanged(tx, row.id)))).flat();
}

/** The polls residents saw (every one but drafts), with their results: for the session's minutes. */
export async function listPublishedPolls(q: Queryable, sessionId: number): Promise<Poll[]> {
  const rows = await q.all<PollRow>("SELECT * FROM polls WHERE session_id = ? AND status != 'draft' ORDER BY id", [sessionId]);
  return Promise.all(rows.map((row) => loadPoll(q, row)));
}

function refuseEnded(session: { id: number; state: string }): void {
  if (session.state === 'ended') throw new AppError('wrong_state', `session ${session.id} has ended: its polls are closed`);
}

/**
 * Live polls: moderators prepare and open them, each resident holds one set of choices per poll (replaced, never
 * added to), and results reach everybody through the same coalesced tallies as question votes.
 */
export function createPollsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function staffPoll(tx: Tx, actor: Actor, pollId: number): Promise<PollRow> {
    const row = await requirePoll(tx, pollId);
    authorize(actor, 'question:moderate', (await requireSession(tx, row.session_id)).unitId);
    return row;
  }

  async function setStatus(actor: Actor, pollId: number, from: Poll['status'], to: Poll['status']): Promise<WriteResult<Poll>> {
    return db.write(async (tx) => {
      const row = await staffPoll(tx, actor, pollId);
      if (row.status === to) return { result: await loadPoll(tx, row), notices: [] };
      if (row.status !== from) throw new AppError('wrong_state', `a ${row.status} poll cannot become ${to}`);
      if (to === 'open') refuseEnded(await requireSession(tx, row.session_id));
      await tx.run('UPDATE polls SET status = ? WHERE id = ?', [to, pollId]);
      await appendAudit(tx, { unitId: null, sessionId: row.session_id, questionId: null, actor: actorLabel(actor), action: `poll.${to}`, detail: { pollId }, at: clock() });
      const notices = await pollChanged(tx, pollId);
      return { result: (notices[0]!.payload as Poll), notices };
    });
  }

  return {
    async list(actor: Actor, sessionId: number, staff: boolean): Promise<{ polls: Poll[]; mine: Record<number, number[]> }> {
      return db.read(async (tx) => {
        await requireSession(tx, sessionId);
        const rows = await tx.all<PollRow>(
          `SELECT * FROM polls WHERE session_id = ? ${staff ? '' : "AND status != 'draft'"} ORDER BY id`,
          [sessionId],
        );
        const choices = await tx.all<{ poll_id: number; option_id: number }>(
          'SELECT v.poll_id, v.option_id FROM poll_votes v JOIN polls p ON p.id = v.poll_id WHERE p.session_id = ? AND v.resident_id = ?',
          [sessionId, actor.residentId],
        );
        const mine: Record<number, number[]> = {};
        for (const c of choices) (mine[c.poll_id] ??= []).push(c.option_id);
        return { polls: await Promise.all(rows.map((row) => loadPoll(tx, row))), mine };
      });
    },

    async create(actor: Actor, input: PollCreateInput & { multiple: boolean; themePoll: boolean }): Promise<WriteResult<Poll>> {
      return db.write(async (tx) => {
        const session = await requireSession(tx, input.sessionId);
        authorize(actor, 'question:moderate', session.unitId);
        refuseEnded(session);
        const now = clock();
        const { lastID } = await tx.run('INSERT INTO polls (session_id, question, multiple, theme_poll, created_at) VALUES (?, ?, ?, ?, ?)', [
          input.sessionId,
          input.question,
          input.multiple ? 1 : 0,
          input.themePoll ? 1 : 0,
          now.toISOString(),
        ]);
        for (const [position, label] of input.options.entries()) {
          await tx.run('INSERT INTO poll_options (poll_id, label, position) VALUES (?, ?, ?)', [lastID, label, position]);
        }
        await appendAudit(tx, { unitId: session.unitId, sessionId: session.id, questionId: null, actor: actorLabel(actor), action: 'poll.create', detail: { pollId: lastID, question: input.question }, at: now });
        const notices = await pollChanged(tx, lastID);
        return { result: notices[0]!.payload as Poll, notices };
      });
    },

    open: (actor: Actor, pollId: number) => setStatus(actor, pollId, 'draft', 'open'),
    close: (actor: Actor, pollId: number) => setStatus(actor, pollId, 'open', 'closed'),

    /** Replaces the resident's choices in a poll; sending the same choices again changes nothing. */
    async vote(actor: Actor, input: PollVoteInput): Promise<{ sessionId: number; optionIds: number[] }> {
      return db.write(async (tx) => {
        const row = await requirePoll(tx, input.pollId);
        if (row.status !== 'open') throw new AppError('wrong_state', `the poll is ${row.status}`);
        const session = await requireSession(tx, row.session_id);
        if (!acceptsVotes(session.state)) throw new AppError('wrong_state', `voting is closed: the session is ${session.state}`);
        const chosen = [...new Set(input.optionIds)];
        if (row.multiple === 0 && chosen.length > 1) throw new AppError('bad_request', 'optionIds: this poll takes one choice');
        const valid = new Set((await tx.all<{ id: number }>('SELECT id FROM poll_options WHERE poll_id = ?', [row.id])).map((o) => o.id));
        const stray = chosen.find((id) => !valid.has(id));
        if (stray !== undefined) throw new AppError('bad_request', `optionIds: ${stray} is not an option of this poll`);
        await tx.run('DELETE FROM poll_votes WHERE poll_id = ? AND resident_id = ?', [row.id, actor.residentId]);
        for (const optionId of chosen) {
          await tx.run('INSERT INTO poll_votes (poll_id, option_id, resident_id) VALUES (?, ?, ?)', [row.id, optionId, actor.residentId]);
        }
        return { sessionId: row.session_id, optionIds: chosen };
      });
    },

    /** One published state per changed poll; the vote tally calls this at most a few times a second. */
    async tally(_sessionId: number, pollIds: readonly number[]): Promise<Notice[]> {
      return db.write(async (tx) => (await Promise.all(pollIds.map((id) => pollChanged(tx, id)))).flat());
    },

    /** Closed theme polls of the unit, with their results, for the administrator planning the next months. */
    async themeSuggestions(unitId: number): Promise<Poll[]> {
      return db.read(async (tx) => {
        const rows = await tx.all<PollRow>(
          "SELECT p.* FROM polls p JOIN sessions s ON s.id = p.session_id WHERE s.unit_id = ? AND p.theme_poll = 1 AND p.status = 'closed' ORDER BY p.id DESC",
          [unitId],
        );
        return Promise.all(rows.map((row) => loadPoll(tx, row)));
      });
    },
  };
}
export type PollsService = ReturnType<typeof createPollsService>;
