import type { SearchHit } from '../../../../shared/schemas/transcript.ts';
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

/**
 * Where a hit leads: the replay at its moment, the archive when there is no moment to play, or the session's own
 * page for a session found by its name that has not ended yet.
 */
export function hitHref(hit: SearchHit): string {
  if (hit.kind === 'session' && hit.sessionState !== 'ended') return `/s/${hit.sessionId}`;
  return archiveHref(hit.sessionId, hit.timeMs);
}
