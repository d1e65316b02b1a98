import type { DialogueRequest, DialogueRequestDecision, DialogueRequestInput, DialogueRequestStatus } from '../../shared/schemas/dialogue.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

interface RequestRow {
  id: number;
  unit_id: number;
  theme: string;
  reason: string;
  status: DialogueRequestStatus;
  outcome: string | null;
  session_id: number | null;
  backer_count: number;
  created_at: string;
  decided_at: string | null;
  backed_by_me: number;
}

function toRequest(row: RequestRow): DialogueRequest {
  return {
    id: row.id,
    unitId: row.unit_id,
    theme: row.theme,
    reason: row.reason,
    status: row.status,
    outcome: row.outcome,
    sessionId: row.session_id,
    backers: row.backer_count,
    backedByMe: row.backed_by_me === 1,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

const SELECT = `
  SELECT r.*, EXISTS (SELECT 1 FROM dialogue_request_backers b WHERE b.request_id = r.id AND b.resident_id = ?) AS backed_by_me
  FROM dialogue_requests r`;

/** The unit's requests, newest first; a resident sees which ones they back, and only that. */
export async function listDialogueRequests(q: Queryable, unitId: number, residentId: string): Promise<DialogueRequest[]> {
  const rows = await q.all<RequestRow>(`${SELECT} WHERE r.unit_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 200`, [residentId, unitId]);
  return rows.map(toRequest);
}

export async function findDialogueRequest(q: Queryable, id: number, residentId: string): Promise<DialogueRequest | undefined> {
  const row = await q.get<RequestRow>(`${SELECT} WHERE r.id = ?`, [residentId, id]);
  return row && toRequest(row);
}

export async function countRequestsStartedBy(q: Queryable, residentId: string, since: Date): Promise<number> {
  const row = await q.get<{ n: number }>('SELECT COUNT(*) AS n FROM dialogue_requests WHERE created_by = ? AND created_at >= ?', [
    residentId,
    since.toISOString(),
  ]);
  return row?.n ?? 0;
}

export async function insertDialogueRequest(tx: Tx, unitId: number, input: DialogueRequestInput, residentId: string, now: Date): Promise<number> {
  const { lastID } = await tx.run('INSERT INTO dialogue_requests (unit_id, theme, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)', [
    unitId,
    input.theme,
    input.reason,
    residentId,
    now.toISOString(),
  ]);
  return lastID;
}

/** Adds the resident's backing once; the count moves only when the row is new. */
export async function addBacker(tx: Tx, requestId: number, residentId: string, now: Date): Promise<boolean> {
  const { changes } = await tx.run(
    'INSERT INTO dialogue_request_backers (request_id, resident_id, backed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [requestId, residentId, now.toISOString()],
  );
  if (changes > 0) await tx.run('UPDATE dialogue_requests SET backer_count = backer_count + 1 WHERE id = ?', [requestId]);
  return changes > 0;
}

export async function decideDialogueRequest(tx: Tx, id: number, decision: DialogueRequestDecision, now: Date): Promise<void> {
  await tx.run('UPDATE dialogue_requests SET status = ?, outcome = ?, session_id = ?, decided_at = ? WHERE id = ?', [
    decision.status,
    decision.outcome,
    decision.sessionId,
    now.toISOString(),
    id,
  ]);
}

/**
 * Erasure (Law 91/2025/QH15): the resident's backings leave the counts and their id leaves the requests they
 * started, which stay as the public record of what residents asked for.
 */
export async function forgetResidentBackings(tx: Tx, residentId: string, unlinkedId: string): Promise<void> {
  const rows = await tx.all<{ request_id: number }>('DELETE FROM dialogue_request_backers WHERE resident_id = ? RETURNING request_id', [residentId]);
  for (const { request_id } of rows) await tx.run('UPDATE dialogue_requests SET backer_count = backer_count - 1 WHERE id = ?', [request_id]);
  await tx.run('UPDATE dialogue_requests SET created_by = ? WHERE created_by = ?', [unlinkedId, residentId]);
}
