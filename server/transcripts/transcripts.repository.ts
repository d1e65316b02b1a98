import type { Segment } from '../../shared/schemas/transcript.ts';
import type { Tx, Queryable } from '../core/db/database.ts';
import { indexSegment, unindexSessionSegments } from '../core/search-index.repository.ts';

interface SegmentRow {
  id: number;
  session_id: number;
  start_ms: number;
  end_ms: number;
  speaker_name: string | null;
  speaker_role: string | null;
  text: string;
  source: Segment['source'];
}

function toSegment(row: SegmentRow): Segment {
  return {
    id: row.id,
    sessionId: row.session_id,
    startMs: row.start_ms,
    endMs: row.end_ms,
    speakerName: row.speaker_name,
    speakerRole: row.speaker_role,
    text: row.text,
    source: row.source,
  };
}

export interface NewSegment {
  sessionId: number;
  startMs: number;
  endMs: number;
  speakerName: string | null;
  speakerRole: string | null;
  text: string;
  source: Segment['source'];
  externalId: string | null;
}

/** Stores a segment and indexes it for search; a LiveKit segment already stored (same id) is left as it is. */
export async function insertSegment(tx: Tx, segment: NewSegment, now: Date): Promise<Segment | null> {
  const row = await tx.get<SegmentRow>(
    `INSERT INTO transcript_segments (session_id, start_ms, end_ms, speaker_name, speaker_role, text, source, external_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (session_id, source, external_id) WHERE external_id IS NOT NULL DO NOTHING
     RETURNING *`,
    [
      segment.sessionId,
      segment.startMs,
      segment.endMs,
      segment.speakerName,
      segment.speakerRole,
      segment.text,
      segment.source,
      segment.externalId,
      now.toISOString(),
      now.toISOString(),
    ],
  );
  if (!row) return null;
  const stored = toSegment(row);
  await indexSegment(tx, stored);
  return stored;
}

/**
 * A line said live ends the lines still showing before it: a captioner types the next line while the last one is
 * up, and two cues on screen at once (or in the exported WebVTT) read as overlapping speech.
 */
export async function endSegmentsBefore(tx: Tx, sessionId: number, startMs: number): Promise<void> {
  await tx.run('UPDATE transcript_segments SET end_ms = ? WHERE session_id = ? AND start_ms <= ? AND end_ms > ?', [
    startMs,
    sessionId,
    startMs,
    startMs,
  ]);
}

export async function listSegments(q: Queryable, sessionId: number): Promise<Segment[]> {
  const rows = await q.all<SegmentRow>('SELECT * FROM transcript_segments WHERE session_id = ? ORDER BY start_ms, id', [sessionId]);
  return rows.map(toSegment);
}

export async function findSegment(q: Queryable, id: number): Promise<Segment | undefined> {
  const row = await q.get<SegmentRow>('SELECT * FROM transcript_segments WHERE id = ?', [id]);
  return row && toSegment(row);
}

export async function findSegments(q: Queryable, ids: readonly number[]): Promise<Segment[]> {
  if (ids.length === 0) return [];
  const rows = await q.all<SegmentRow>(`SELECT * FROM transcript_segments WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return rows.map(toSegment);
}

export async function updateSegment(
  tx: Tx,
  id: number,
  patch: { text?: string; speakerName?: string | null; speakerRole?: string | null },
  now: Date,
): Promise<Segment> {
  const row = await tx.get<SegmentRow>(
    `UPDATE transcript_segments SET
       text = COALESCE(?, text),
       speaker_name = CASE WHEN ? THEN ? ELSE speaker_name END,
       speaker_role = CASE WHEN ? THEN ? ELSE speaker_role END,
       updated_at = ?
     WHERE id = ? RETURNING *`,
    [
      patch.text ?? null,
      patch.speakerName !== undefined ? 1 : 0,
      patch.speakerName ?? null,
      patch.speakerRole !== undefined ? 1 : 0,
      patch.speakerRole ?? null,
      now.toISOString(),
      id,
    ],
  );
  const segment = toSegment(row!);
  await indexSegment(tx, segment);
  return segment;
}

export async function deleteSessionSegments(tx: Tx, sessionId: number): Promise<void> {
  await unindexSessionSegments(tx, sessionId);
  await tx.run('DELETE FROM transcript_segments WHERE session_id = ?', [sessionId]);
}
