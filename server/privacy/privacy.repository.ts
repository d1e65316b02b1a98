import type { PrivacyRequest, PrivacyRequestInput } from '../../shared/schemas/privacy.ts';
import type { Tx, Queryable } from '../core/db/database.ts';
import { forgetContact } from '../core/outbox.repository.ts';
import type { QuestionRow } from '../questions/questions.repository.ts';

export type HeldQuestion = QuestionRow & {
  rating: string | null;
  rating_comment: string | null;
  reopen_reason: string | null;
  followup_status: string | null;
  merged_here: number;
};

/** A resident's questions with what their follow-up holds from them, and whether others were merged into each. */
export async function listHeldQuestions(q: Queryable, residentId: string): Promise<HeldQuestion[]> {
  return q.all<HeldQuestion>(
    `SELECT q.*, f.rating, f.rating_comment, f.reopen_reason, f.status AS followup_status,
       (SELECT COUNT(*) FROM questions m WHERE m.merged_into = q.id) AS merged_here
     FROM questions q LEFT JOIN followups f ON f.question_id = q.id
     WHERE q.resident_id = ? ORDER BY q.id`,
    [residentId],
  );
}

export async function listHeldVotes(q: Queryable, residentId: string) {
  return q.all<{ questionId: number; sessionId: number; trackingCode: string; text: string }>(
    `SELECT q.id AS questionId, q.session_id AS sessionId, q.tracking_code AS trackingCode, q.text
     FROM votes v JOIN questions q ON q.id = v.question_id WHERE v.resident_id = ? ORDER BY q.id`,
    [residentId],
  );
}

export async function listHeldPollVotes(q: Queryable, residentId: string) {
  return q.all<{ pollId: number; sessionId: number; question: string; option: string }>(
    `SELECT p.id AS pollId, p.session_id AS sessionId, p.question, o.label AS option
     FROM poll_votes v JOIN polls p ON p.id = v.poll_id JOIN poll_options o ON o.id = v.option_id
     WHERE v.resident_id = ? ORDER BY p.id, o.position`,
    [residentId],
  );
}

export async function listHeldStage(q: Queryable, residentId: string) {
  return q.all<{ sessionId: number; raisedAt: string | null; invitedAt: string | null }>(
    'SELECT session_id AS sessionId, hand_raised_at AS raisedAt, invited_at AS invitedAt FROM media_stage WHERE resident_id = ?',
    [residentId],
  );
}

/** Removes a resident's votes; returns the questions whose counts changed, recounted from the remaining rows. */
export async function deleteResidentVotes(tx: Tx, residentId: string): Promise<Array<{ questionId: number; sessionId: number }>> {
  const rows = await tx.all<{ question_id: number }>('DELETE FROM votes WHERE resident_id = ? RETURNING question_id', [residentId]);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.question_id);
  const marks = ids.map(() => '?').join(', ');
  await tx.run(`UPDATE questions SET vote_count = (SELECT COUNT(*) FROM votes WHERE question_id = questions.id) WHERE id IN (${marks})`, ids);
  return tx.all(`SELECT id AS questionId, session_id AS sessionId FROM questions WHERE id IN (${marks})`, ids);
}

/** Removes a resident's poll choices; returns how many, and the polls whose results changed. */
export async function deleteResidentPollVotes(tx: Tx, residentId: string): Promise<{ removed: number; polls: Array<{ pollId: number; sessionId: number }> }> {
  const rows = await tx.all<{ poll_id: number }>('DELETE FROM poll_votes WHERE resident_id = ? RETURNING poll_id', [residentId]);
  const ids = [...new Set(rows.map((r) => r.poll_id))];
  if (ids.length === 0) return { removed: 0, polls: [] };
  const polls = await tx.all<{ pollId: number; sessionId: number }>(
    `SELECT id AS pollId, session_id AS sessionId FROM polls WHERE id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return { removed: rows.length, polls };
}

/** Keeps a question (answered in public, or others merged into it) but nothing that names or links its asker. */
export async function anonymizeQuestion(tx: Tx, id: number, unlinkedId: string): Promise<void> {
  await tx.run(
    'UPDATE questions SET resident_id = ?, author_name = NULL, name_public = 0, name_basis = NULL, original_text = NULL WHERE id = ?',
    [unlinkedId, id],
  );
  await tx.run('UPDATE followups SET rating_comment = NULL, reopen_reason = NULL WHERE question_id = ?', [id]);
  await forgetContact(tx, id);
}

/** Deletes a question and everything hanging from it; its search entry goes with it. */
export async function deleteQuestion(tx: Tx, id: number): Promise<void> {
  await tx.run('DELETE FROM votes WHERE question_id = ?', [id]);
  await tx.run('DELETE FROM followup_events WHERE question_id = ?', [id]);
  await tx.run('DELETE FROM followups WHERE question_id = ?', [id]);
  await forgetContact(tx, id);
  await tx.run('DELETE FROM notifications WHERE question_id = ?', [id]);
  await tx.run('DELETE FROM search_index WHERE rowid = ?', [id * 2 + 1]);
  await tx.run('DELETE FROM questions WHERE id = ?', [id]);
}

export async function deleteResidentStage(tx: Tx, residentId: string): Promise<void> {
  await tx.run('DELETE FROM media_stage WHERE resident_id = ?', [residentId]);
}

/**
 * Replaces every resident id on one session's questions, votes and poll votes with a random one, the same
 * random id for the same resident within the session, so "one vote per resident" and poll voter counts still hold
 * while nothing links them to a browser any more. Raised hands are deleted.
 */
export async function detachSessionResidents(tx: Tx, sessionId: number, now: Date): Promise<void> {
  await tx.exec('CREATE TEMP TABLE IF NOT EXISTS detach_map (old TEXT PRIMARY KEY, new TEXT NOT NULL)');
  await tx.run('DELETE FROM detach_map');
  await tx.run(
    `INSERT OR IGNORE INTO detach_map (old, new)
     SELECT r, 'detached:' || lower(hex(randomblob(12))) FROM (
       SELECT resident_id AS r FROM questions WHERE session_id = ?1
       UNION SELECT v.resident_id FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.session_id = ?1
       UNION SELECT v.resident_id FROM poll_votes v JOIN polls p ON p.id = v.poll_id WHERE p.session_id = ?1
     ) WHERE r NOT LIKE 'detached:%' AND r NOT LIKE 'erased:%'`,
    [sessionId],
  );
  await tx.run('UPDATE questions SET resident_id = (SELECT new FROM detach_map WHERE old = resident_id) WHERE session_id = ? AND resident_id IN (SELECT old FROM detach_map)', [sessionId]);
  await tx.run(
    `UPDATE votes SET resident_id = (SELECT new FROM detach_map WHERE old = resident_id)
     WHERE question_id IN (SELECT id FROM questions WHERE session_id = ?) AND resident_id IN (SELECT old FROM detach_map)`,
    [sessionId],
  );
  await tx.run(
    `UPDATE poll_votes SET resident_id = (SELECT new FROM detach_map WHERE old = resident_id)
     WHERE poll_id IN (SELECT id FROM polls WHERE session_id = ?) AND resident_id IN (SELECT old FROM detach_map)`,
    [sessionId],
  );
  await tx.run('DELETE FROM detach_map');
  await tx.run('DELETE FROM media_stage WHERE session_id = ?', [sessionId]);
  await tx.run('UPDATE sessions SET residents_detached_at = ? WHERE id = ?', [now.toISOString(), sessionId]);
}

interface RequestRow {
  id: number;
  kind: PrivacyRequest['kind'];
  channel: PrivacyRequest['channel'];
  requester: string;
  details: string;
  received_day: string;
  due_day: string;
  done_at: string | null;
  outcome: string | null;
}

function toRequest(row: RequestRow, today: string): PrivacyRequest {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    requester: row.requester,
    details: row.details,
    receivedDay: row.received_day,
    dueDay: row.due_day,
    doneAt: row.done_at,
    outcome: row.outcome,
    overdue: row.done_at === null && row.due_day < today,
  };
}

export async function insertPrivacyRequest(
  tx: Tx,
  unitId: number,
  input: PrivacyRequestInput & { receivedDay: string; dueDay: string },
  actor: string,
  now: Date,
  today: string,
): Promise<PrivacyRequest> {
  const row = await tx.get<RequestRow>(
    `INSERT INTO privacy_requests (unit_id, kind, channel, requester, details, received_day, due_day, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [unitId, input.kind, input.channel, input.requester, input.details ?? '', input.receivedDay, input.dueDay, actor, now.toISOString()],
  );
  return toRequest(row!, today);
}

/** Open requests first, the most overdue on top; then those done, the latest first. */
export async function listPrivacyRequests(q: Queryable, unitId: number, today: string): Promise<PrivacyRequest[]> {
  const rows = await q.all<RequestRow>(
    'SELECT * FROM privacy_requests WHERE unit_id = ? ORDER BY done_at IS NOT NULL, due_day, done_at DESC, id',
    [unitId],
  );
  return rows.map((row) => toRequest(row, today));
}

export async function findPrivacyRequestUnit(q: Queryable, id: number): Promise<number | undefined> {
  return (await q.get<{ unit_id: number }>('SELECT unit_id FROM privacy_requests WHERE id = ?', [id]))?.unit_id;
}

export async function closePrivacyRequest(tx: Tx, id: number, outcome: string, now: Date, today: string): Promise<PrivacyRequest> {
  const row = await tx.get<RequestRow>(
    'UPDATE privacy_requests SET done_at = COALESCE(done_at, ?), outcome = COALESCE(outcome, ?) WHERE id = ? RETURNING *',
    [now.toISOString(), outcome, id],
  );
  return toRequest(row!, today);
}
