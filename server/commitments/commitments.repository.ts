import type { Commitment } from '../../shared/schemas/commitment.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export interface CommitmentRow {
  id: number;
  session_id: number;
  segment_id: number | null;
  at_ms: number;
  text: string;
  owner: string;
  due_day: string;
  status: 'open' | 'kept';
  kept_at: string | null;
  kept_note: string | null;
  created_at: string;
}

/** `today` (a Hanoi day) decides whether an open commitment is overdue. */
export function toCommitment(row: CommitmentRow, today: string): Commitment {
  return {
    id: row.id,
    sessionId: row.session_id,
    segmentId: row.segment_id,
    atMs: row.at_ms,
    text: row.text,
    owner: row.owner,
    dueDay: row.due_day,
    status: row.status,
    keptAt: row.kept_at,
    keptNote: row.kept_note,
    overdue: row.status === 'open' && row.due_day < today,
  };
}

export async function findCommitment(q: Queryable, id: number): Promise<CommitmentRow | undefined> {
  return q.get<CommitmentRow>('SELECT * FROM commitments WHERE id = ?', [id]);
}

/** A session's commitments in the order they were said. */
export async function listSessionCommitments(q: Queryable, sessionId: number): Promise<CommitmentRow[]> {
  return q.all<CommitmentRow>('SELECT * FROM commitments WHERE session_id = ? ORDER BY at_ms, id', [sessionId]);
}

/** Every commitment of the unit's sessions, soonest due first. */
export async function listUnitCommitments(q: Queryable, unitId: number): Promise<CommitmentRow[]> {
  return q.all<CommitmentRow>('SELECT c.* FROM commitments c JOIN sessions s ON s.id = c.session_id WHERE s.unit_id = ? ORDER BY c.due_day, c.id', [unitId]);
}

export async function insertCommitment(
  tx: Tx,
  commitment: { sessionId: number; segmentId: number | null; atMs: number; text: string; owner: string; dueDay: string; createdBy: string },
  now: Date,
): Promise<CommitmentRow> {
  const row = await tx.get<CommitmentRow>(
    `INSERT INTO commitments (session_id, segment_id, at_ms, text, owner, due_day, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [commitment.sessionId, commitment.segmentId, commitment.atMs, commitment.text, commitment.owner, commitment.dueDay, commitment.createdBy, now.toISOString()],
  );
  return row!;
}

export async function markCommitmentKept(tx: Tx, id: number, note: string, now: Date): Promise<CommitmentRow> {
  const row = await tx.get<CommitmentRow>("UPDATE commitments SET status = 'kept', kept_at = ?, kept_note = ? WHERE id = ? RETURNING *", [now.toISOString(), note, id]);
  return row!;
}
