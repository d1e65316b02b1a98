import type { Poll } from '../../shared/schemas/poll.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export interface PollRow {
  id: number;
  session_id: number;
  question: string;
  multiple: number;
  theme_poll: number;
  status: Poll['status'];
  revision: number;
}

/** A poll as everybody sees it: its options with their counts, and how many residents chose. */
export async function toPoll(q: Queryable, row: PollRow): Promise<Poll> {
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

export async function findPoll(q: Queryable, id: number): Promise<PollRow | undefined> {
  return q.get<PollRow>('SELECT * FROM polls WHERE id = ?', [id]);
}

/** The session's polls in the order they were made; drafts only when asked for (staff). */
export async function listSessionPolls(q: Queryable, sessionId: number, options: { drafts: boolean }): Promise<PollRow[]> {
  return q.all<PollRow>(`SELECT * FROM polls WHERE session_id = ? ${options.drafts ? '' : "AND status != 'draft'"} ORDER BY id`, [sessionId]);
}

/** Closed theme polls of the unit, newest first. */
export async function listClosedThemePolls(q: Queryable, unitId: number): Promise<PollRow[]> {
  return q.all<PollRow>(
    "SELECT p.* FROM polls p JOIN sessions s ON s.id = p.session_id WHERE s.unit_id = ? AND p.theme_poll = 1 AND p.status = 'closed' ORDER BY p.id DESC",
    [unitId],
  );
}

export async function insertPoll(
  tx: Tx,
  poll: { sessionId: number; question: string; multiple: boolean; themePoll: boolean; options: readonly string[] },
  now: Date,
): Promise<number> {
  const { lastID } = await tx.run('INSERT INTO polls (session_id, question, multiple, theme_poll, created_at) VALUES (?, ?, ?, ?, ?)', [
    poll.sessionId,
    poll.question,
    poll.multiple ? 1 : 0,
    poll.themePoll ? 1 : 0,
    now.toISOString(),
  ]);
  for (const [position, label] of poll.options.entries()) {
    await tx.run('INSERT INTO poll_options (poll_id, label, position) VALUES (?, ?, ?)', [lastID, label, position]);
  }
  return lastID;
}

export async function setPollStatus(tx: Tx, id: number, status: Poll['status']): Promise<void> {
  await tx.run('UPDATE polls SET status = ? WHERE id = ?', [status, id]);
}

/** Closes the session's open polls; returns their ids. */
export async function closeOpenPolls(tx: Tx, sessionId: number): Promise<number[]> {
  const closed = await tx.all<{ id: number }>("UPDATE polls SET status = 'closed' WHERE session_id = ? AND status = 'open' RETURNING id", [sessionId]);
  return closed.map((row) => row.id);
}

/** Moves the poll to its next revision, so pages can drop a state older than one they have. */
export async function bumpPollRevision(tx: Tx, id: number): Promise<PollRow> {
  return (await tx.get<PollRow>('UPDATE polls SET revision = revision + 1 WHERE id = ? RETURNING *', [id]))!;
}

export async function pollOptionIds(q: Queryable, pollId: number): Promise<Set<number>> {
  return new Set((await q.all<{ id: number }>('SELECT id FROM poll_options WHERE poll_id = ?', [pollId])).map((o) => o.id));
}

/** The resident's choices in every poll of the session, by poll id. */
export async function residentChoices(q: Queryable, sessionId: number, residentId: string): Promise<Record<number, number[]>> {
  const choices = await q.all<{ poll_id: number; option_id: number }>(
    'SELECT v.poll_id, v.option_id FROM poll_votes v JOIN polls p ON p.id = v.poll_id WHERE p.session_id = ? AND v.resident_id = ?',
    [sessionId, residentId],
  );
  const mine: Record<number, number[]> = {};
  for (const c of choices) (mine[c.poll_id] ??= []).push(c.option_id);
  return mine;
}

/** Replaces the resident's choices in a poll with these options. */
export async function replaceChoices(tx: Tx, pollId: number, residentId: string, optionIds: readonly number[]): Promise<void> {
  await tx.run('DELETE FROM poll_votes WHERE poll_id = ? AND resident_id = ?', [pollId, residentId]);
  for (const optionId of optionIds) {
    await tx.run('INSERT INTO poll_votes (poll_id, option_id, resident_id) VALUES (?, ?, ?)', [pollId, optionId, residentId]);
  }
}
