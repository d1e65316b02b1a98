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
