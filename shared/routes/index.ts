import type { Endpoint, RouteSpec } from '../http.ts';
import { CALENDAR } from './calendar.ts';
import { COMMITMENTS } from './commitments.ts';
import { DIALOGUE } from './dialogue.ts';
import { FOLLOWUPS } from './followups.ts';
import { MEDIA } from './media.ts';
import { NOTIFY } from './notify.ts';
import { OPS } from './ops.ts';
import { POLLS } from './polls.ts';
import { PRIVACY } from './privacy.ts';
import { PROGRAMME } from './programme.ts';
import { QUESTIONS } from './questions.ts';
import { REMINDERS } from './reminders.ts';
import { RESULTS } from './results.ts';
import { SCOREBOARD } from './scoreboard.ts';
import { SEARCH } from './search.ts';
import { SESSIONS } from './sessions.ts';
import { STAFF } from './staff.ts';
import { TRANSCRIPTS } from './transcripts.ts';

/** Every route the server answers, by noun: the OpenAPI document and the tests read this list. */
export const ROUTE_GROUPS = {
  ops: OPS,
  staff: STAFF,
  sessions: SESSIONS,
  questions: QUESTIONS,
  programme: PROGRAMME,
  transcripts: TRANSCRIPTS,
  search: SEARCH,
  followups: FOLLOWUPS,
  calendar: CALENDAR,
  commitments: COMMITMENTS,
  polls: POLLS,
  scoreboard: SCOREBOARD,
  results: RESULTS,
  dialogue: DIALOGUE,
  media: MEDIA,
  privacy: PRIVACY,
  notify: NOTIFY,
  reminders: REMINDERS,
} satisfies Record<string, Record<string, RouteSpec>>;

export const ROUTES: readonly RouteSpec[] = Object.values(ROUTE_GROUPS).flatMap((group) => Object.values(group));

type Groups = typeof ROUTE_GROUPS;
/** Every route of the contract, as one union of their exact types. */
export type ContractRoute = { [G in keyof Groups]: Groups[G][keyof Groups[G]] }[keyof Groups];
/** The contract's route at an endpoint of `PATHS`: how a caller holding only the path gets its types. */
export type RouteAt<E extends Endpoint> = Extract<ContractRoute, { method: E['method']; path: E['path'] }>;
