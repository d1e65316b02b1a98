import type { SessionState } from '../schemas/session.ts';
import { canTransition } from './session-state.ts';

/** Where the clock says a session should be: scheduled, open for questions, live, or ended. */
export function stateByClock(session: { opensAt: string; startsAt: string; endsAt: string }, now: Date): SessionState {
  const t = now.getTime();
  if (t >= Date.parse(session.endsAt)) return 'ended';
  if (t >= Date.parse(session.startsAt)) return 'live';
  if (t >= Date.parse(session.opensAt)) return 'open';
  return 'scheduled';
}

/**
 * Where the record's clock starts: the moment the session really went live (a chair may go live early or late),
 * or its planned start until it has. Captions, chapters and answer times all count from here.
 */
export function recordStart(session: { startsAt: string; liveAt: string | null }): string {
  return session.liveAt ?? session.startsAt;
}

/**
 * Milliseconds into the live session, counted from the moment it really went live; null for a moment outside it
 * (a question marked answered before it went live has no place on the recording).
 */
export function recordOffset(session: { startsAt: string; liveAt: string | null }, iso: string | null): number | null {
  if (!iso || !session.liveAt) return null;
  const ms = Date.parse(iso) - Date.parse(recordStart(session));
  return ms >= 0 ? ms : null;
}

/** When the session's slot really ends: a session ended early frees the rest of it. */
export function realEnd(session: { endsAt: string; endedAt: string | null }): string {
  return session.endedAt ?? session.endsAt;
}

const ORDER: readonly SessionState[] = ['scheduled', 'open', 'live', 'ended'];

/**
 * The transitions that bring a session from where it is to where the clock says, one legal step at a time.
 * Never backwards: a chair who went live early, or ended a session early, is not overruled by the clock.
 */
export function catchUpSteps(current: SessionState, target: SessionState): SessionState[] {
  const steps: SessionState[] = [];
  let state = current;
  while (ORDER.indexOf(target) > ORDER.indexOf(state)) {
    const next = ORDER.slice(ORDER.indexOf(state) + 1).find((candidate) => canTransition(state, candidate) && ORDER.indexOf(candidate) <= ORDER.indexOf(target));
    if (!next) break;
    steps.push(next);
    state = next;
  }
  return steps;
}
