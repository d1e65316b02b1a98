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
import {
  bumpPollRevision,
  closeOpenPolls,
  findPoll,
  insertPoll,
  listClosedThemePolls,
  listSessionPolls,
  pollOptionIds,
  replaceChoices,
  residentChoices,
  setPollStatus,
  toPoll,
  type PollRow,
} from './polls.repository.ts';

async function requirePoll(q: Queryable, id: number): Promise<PollRow> {
  const row = await findPoll(q, id);
  if (!row) throw new AppError('not_found', `poll ${id} does not exist`);
  return row;
}

/** Publishes a poll's whole state under a new revision: drafts to staff only, the rest to everybody. */
async function pollChanged(tx: Tx, pollId: number): Promise<Notice[]> {
  const row = await bumpPollRevision(tx, pollId);
  const poll = await toPoll(tx, row);
  const audiences = row.status === 'draft' ? (['staff'] as const) : (['staff', 'public'] as const);
  return audiences.map((kind): Notice => ({ to: { kind, sessionId: row.session_id }, event: 'poll:changed', payload: poll }));
}

/**
 * Closes the session's open polls as it ends, in the same write: residents' pages close them from the broadcast,
 * instead of showing a poll whose votes the server refuses. Drafts stay drafts (never shown, now never opened).
 */
export async function closeSessionPolls(tx: Tx, sessionId: number): Promise<Notice[]> {
  const closed = await closeOpenPolls(tx, sessionId);
  return (await Promise.all(closed.map((id) => pollChanged(tx, id)))).flat();
}

/** The polls residents saw (every one but drafts), with their results: for the session's minutes. */
export async function listPublishedPolls(q: Queryable, sessionId: number): Promise<Poll[]> {
  const rows = await listSessionPolls(q, sessionId, { drafts: false });
  return Promise.all(rows.map((row) => toPoll(q, row)));
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
      if (row.status === to) return { result: await toPoll(tx, row), notices: [] };
      if (row.status !== from) throw new AppError('wrong_state', `a ${row.status} poll cannot become ${to}`);
      if (to === 'open') refuseEnded(await requireSession(tx, row.session_id));
      await setPollStatus(tx, pollId, to);
      await appendAudit(tx, { unitId: null, sessionId: row.session_id, questionId: null, actor: actorLabel(actor), action: `poll.${to}`, detail: { pollId }, at: clock() });
      const notices = await pollChanged(tx, pollId);
      return { result: (notices[0]!.payload as Poll), notices };
    });
  }

  return {
    async list(actor: Actor, sessionId: number, staff: boolean): Promise<{ polls: Poll[]; mine: Record<number, number[]> }> {
      return db.read(async (tx) => {
        await requireSession(tx, sessionId);
        const rows = await listSessionPolls(tx, sessionId, { drafts: staff });
        const mine = await residentChoices(tx, sessionId, actor.residentId);
        return { polls: await Promise.all(rows.map((row) => toPoll(tx, row))), mine };
      });
    },

    async create(actor: Actor, input: PollCreateInput & { multiple: boolean; themePoll: boolean }): Promise<WriteResult<Poll>> {
      return db.write(async (tx) => {
        const session = await requireSession(tx, input.sessionId);
        authorize(actor, 'question:moderate', session.unitId);
        refuseEnded(session);
        const now = clock();
        const lastID = await insertPoll(tx, input, now);
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
        const valid = await pollOptionIds(tx, row.id);
        const stray = chosen.find((id) => !valid.has(id));
        if (stray !== undefined) throw new AppError('bad_request', `optionIds: ${stray} is not an option of this poll`);
        await replaceChoices(tx, row.id, actor.residentId, chosen);
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
        const rows = await listClosedThemePolls(tx, unitId);
        return Promise.all(rows.map((row) => toPoll(tx, row)));
      });
    },
  };
}
export type PollsService = ReturnType<typeof createPollsService>;
