import type { SessionState } from '../schemas/session.ts';

/**
 * The session life cycle. A session may skip "open" (a town hall announced late) but never goes back:
 * an ended session is the archive's, and reopening it would change a record residents already read.
 */
const NEXT: Record<SessionState, readonly SessionState[]> = {
  scheduled: ['open', 'live'],
  open: ['live'],
  live: ['ended'],
  ended: [],
};

export function nextStates(from: SessionState): readonly SessionState[] {
  return NEXT[from];
}

export function canTransition(from: SessionState, to: SessionState): boolean {
  return NEXT[from].includes(to);
}

/** Residents may ask from the moment questions open until the session ends. */
export function acceptsQuestions(state: SessionState): boolean {
  return state === 'open' || state === 'live';
}

/**
 * Questions staff enter from other channels (letters, the hotline) are taken from the opening on, and after the
 * end too: letters keep arriving, and those go straight to the follow-up desk.
 */
export function acceptsEnteredQuestions(state: SessionState): boolean {
  return state !== 'scheduled';
}

export function acceptsVotes(state: SessionState): boolean {
  return state === 'open' || state === 'live';
}
