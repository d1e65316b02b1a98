import { foldText } from '../../shared/text/fold.ts';
import type { Tx, Queryable } from './db/database.ts';

const segmentRow = (id: number) => id * 2;
const questionRow = (id: number) => id * 2 + 1;

export async function indexSegment(tx: Tx, segment: { id: number; sessionId: number; text: string; speakerName: string | null }): Promise<void> {
  await tx.run('DELETE FROM search_index WHERE rowid = ?', [segmentRow(segment.id)]);
  await tx.run('INSERT INTO search_index (rowid, folded, session_id) VALUES (?, ?, ?)', [
    segmentRow(segment.id),
    foldText(`${segment.speakerName ?? ''} ${segment.text}`),
    segment.sessionId,
  ]);
}

export async function unindexSessionSegments(tx: Tx, sessionId: number): Promise<void> {
  await tx.run('DELETE FROM search_index WHERE rowid IN (SELECT id * 2 FROM transcript_segments WHERE session_id = ?)', [sessionId]);
}

/** Keeps a question findable exactly while the public can see it. */
export async function indexQuestion(tx: Tx, question: { id: number; sessionId: number; text: string; visible: boolean }): Promise<void> {
  await tx.run('DELETE FROM search_index WHERE rowid = ?', [questionRow(question.id)]);
  if (!question.visible) return;
  await tx.run('INSERT INTO search_index (rowid, folded, session_id) VALUES (?, ?, ?)', [questionRow(question.id), foldText(question.text), question.sessionId]);
}

/** Merges the index's segments, which drops the words of deleted rows that FTS5 otherwise keeps until a merge. */
export async function optimizeSearchIndex(tx: Tx): Promise<void> {
  await tx.run("INSERT INTO search_index (search_index) VALUES ('optimize')");
}

export interface IndexHit {
  kind: 'segment' | 'question';
  refId: number;
}

/** Terms are letters and digits only, each quoted, so nothing a resident types is read as FTS5 syntax. */
export async function searchIndex(q: Queryable, terms: readonly string[], limit: number): Promise<IndexHit[]> {
  // Only the last word may be unfinished (the resident is still typing it); whole words match exactly, cheaper.
  const match = terms.map((term, i) => (i === terms.length - 1 ? `"${term}"*` : `"${term}"`)).join(' ');
  const rows = await q.all<{ rowid: number }>('SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?', [match, limit]);
  return rows.map(({ rowid }) => (rowid % 2 === 0 ? { kind: 'segment', refId: rowid / 2 } : { kind: 'question', refId: (rowid - 1) / 2 }));
}
