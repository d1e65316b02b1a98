import type { PrivacyRequest, PrivacyRequestInput } from '../../shared/schemas/privacy.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

/**
 * Replaces every resident id on one session's questions, votes and poll votes with a random one, the same
 * random id for the same resident within the session, so "one vote per resident" and poll voter counts still hold
 * while nothing links them to a browser any more. The three tables share one map, kept in a temporary table for
 * the transaction: split by table, each would need the map handed over (a statement per resident, tens of
 * thousands on the write connection) or the temporary table's name and filling shared across three repositories.
 */
export async function detachSessionResidents(tx: Tx, sessionId: number): Promise<void> {
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
