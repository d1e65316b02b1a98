import type { SearchHit } from '../../../shared/schemas/transcript.ts';
import { archiveHref } from './replay.ts';

export const SEARCH_MAX = 200;

/** The search page for a query; an empty query is the page's start state. */
export function searchHref(query: string): string {
  const q = query.trim().slice(0, SEARCH_MAX);
  return q ? `/search?q=${encodeURIComponent(q)}` : '/search';
}

export function queryOf(search: string): string {
  return (new URLSearchParams(search).get('q') ?? '').trim().slice(0, SEARCH_MAX);
}

/** Where a hit leads: the replay at its moment, or the archive's start for a question never put on stage. */
export function hitHref(hit: SearchHit): string {
  return archiveHref(hit.sessionId, hit.timeMs);
}
