import type { ResultsDraftInput, SessionResults, Signatory } from '../../shared/schemas/dialogue.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

interface ResultsRow {
  session_id: number;
  due_at: string;
  summary: string;
  groups_json: string;
  secretary_signed_by: string | null;
  secretary_signed_at: string | null;
  chair_signed_by: string | null;
  chair_signed_at: string | null;
  published_at: string | null;
}

function toResults(row: ResultsRow): SessionResults {
  return {
    sessionId: row.session_id,
    dueAt: row.due_at,
    summary: row.summary,
    groups: JSON.parse(row.groups_json) as string[],
    secretarySignedBy: row.secretary_signed_by,
    secretarySignedAt: row.secretary_signed_at,
    chairSignedBy: row.chair_signed_by,
    chairSignedAt: row.chair_signed_at,
    publishedAt: row.published_at,
  };
}

export async function findResults(q: Queryable, sessionId: number): Promise<SessionResults | undefined> {
  const row = await q.get<ResultsRow>('SELECT * FROM session_results WHERE session_id = ?', [sessionId]);
  return row && toResults(row);
}

/** Opens the session's results report with its due day; a report already open keeps its own. */
export async function openResults(tx: Tx, sessionId: number, dueAt: string, now: Date): Promise<void> {
  await tx.run('INSERT INTO session_results (session_id, due_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING', [
    sessionId,
    dueAt,
    now.toISOString(),
  ]);
}

/** A changed text was not what anyone signed: both sign-offs start again. */
export async function saveResultsDraft(tx: Tx, sessionId: number, input: ResultsDraftInput, now: Date): Promise<void> {
  await tx.run(
    `UPDATE session_results SET summary = ?, groups_json = ?, secretary_signed_by = NULL, secretary_signed_at = NULL,
       chair_signed_by = NULL, chair_signed_at = NULL, updated_at = ? WHERE session_id = ?`,
    [input.summary, JSON.stringify(input.groups), now.toISOString(), sessionId],
  );
}

export async function signResults(tx: Tx, sessionId: number, as: Signatory, by: string, now: Date): Promise<void> {
  const sql =
    as === 'secretary'
      ? 'UPDATE session_results SET secretary_signed_by = ?, secretary_signed_at = ?, updated_at = ? WHERE session_id = ?'
      : 'UPDATE session_results SET chair_signed_by = ?, chair_signed_at = ?, updated_at = ? WHERE session_id = ?';
  await tx.run(sql, [by, now.toISOString(), now.toISOString(), sessionId]);
}

export async function publishResults(tx: Tx, sessionId: number, now: Date): Promise<void> {
  await tx.run('UPDATE session_results SET published_at = ?, updated_at = ? WHERE session_id = ?', [now.toISOString(), now.toISOString(), sessionId]);
}

/** The unit's ended sessions whose results are not published yet, soonest due first. */
export async function listUnpublishedResults(
  q: Queryable,
  unitId: number,
): Promise<Array<{ sessionId: number; title: string; theme: string; dueAt: string }>> {
  return q.all(
    `SELECT r.session_id AS sessionId, s.title, s.theme, r.due_at AS dueAt
     FROM session_results r JOIN sessions s ON s.id = r.session_id
     WHERE s.unit_id = ? AND r.published_at IS NULL ORDER BY r.due_at`,
    [unitId],
  );
}

/** Results of the unit's sessions that ended in the period: how many were due, and how many were published in time. */
export async function countResultsOnTime(
  q: Queryable,
  unitId: number,
  from: string,
  to: string,
  now: Date,
): Promise<{ due: number; onTime: number }> {
  const row = await q.get<{ due: number; on_time: number }>(
    `SELECT COUNT(*) AS due, COALESCE(SUM(r.published_at IS NOT NULL AND r.published_at <= r.due_at), 0) AS on_time
     FROM session_results r JOIN sessions s ON s.id = r.session_id
     WHERE s.unit_id = ? AND s.starts_at >= ? AND s.starts_at < ? AND (r.published_at IS NOT NULL OR r.due_at <= ?)`,
    [unitId, from, to, now.toISOString()],
  );
  return { due: row?.due ?? 0, onTime: row?.on_time ?? 0 };
}
