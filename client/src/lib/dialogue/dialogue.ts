import type { DialogueRequest, DialogueRequestDecision, DialogueRequestInput, DialogueRequestList, ResultsDraftInput, ResultsDue, SessionResults, Signatory } from '../../../../shared/schemas/dialogue.ts';
import type { Official, OfficialRole, Session } from '../../../../shared/schemas/session.ts';
import { OFFICIAL_ROLES } from '../../../../shared/schemas/values.ts';
import { t } from '../i18n/index.svelte.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';

/** Dialogues with residents (Art. 43): the notice, the results report, residents' requests. */
export const dialogueApi = {
  publishNotice: (sessionId: number) => call(PATHS.sessions.notice, { params: { id: sessionId } }),
  results: (sessionId: number) => call(PATHS.results.get, { params: { id: sessionId } }),
  saveResults: (sessionId: number, input: ResultsDraftInput) => call(PATHS.results.saveDraft, { params: { id: sessionId }, body: input }),
  signResults: (sessionId: number, as: Signatory) => call(PATHS.results.sign, { params: { id: sessionId }, body: { as } }),
  publishResults: (sessionId: number) => call(PATHS.results.publish, { params: { id: sessionId } }),
  resultsDue: () => call(PATHS.results.due),
  requests: (unitId: number) => call(PATHS.dialogue.list, { params: { id: unitId } }),
  createRequest: (unitId: number, input: DialogueRequestInput) => call(PATHS.dialogue.create, { params: { id: unitId }, body: input }),
  back: (id: number) => call(PATHS.dialogue.back, { params: { id } }),
  decide: (id: number, decision: DialogueRequestDecision) => call(PATHS.dialogue.decide, { params: { id }, body: decision }),
  setVoterCount: (voterCount: number) => call(PATHS.dialogue.voterCount, { body: { voterCount } }),
};

/** The table as the law seats it: the chair first, then the co-chair, the Front, the secretary, the invited. */
export function byRole(officials: readonly Official[]): Array<{ role: OfficialRole; people: Official[] }> {
  return OFFICIAL_ROLES.map((role) => ({ role, people: officials.filter((o) => o.role === role) })).filter((group) => group.people.length > 0);
}

/** "12 / 1,200 backers (10% of 12,000 voters)", or just the backers while the voter count is unknown. */
export function supportText(list: DialogueRequestList, request: DialogueRequest): string {
  if (!list.threshold || !list.voterCount) return t('requests.backers', { n: request.backers });
  return t('requests.threshold', { n: request.backers, needed: list.threshold, voters: list.voterCount });
}

/** Days left until `dueAt` (negative once past), counted from `now` in whole days. */
export function daysLeft(dueAt: string, now: Date = new Date()): number {
  return Math.ceil((Date.parse(dueAt) - now.getTime()) / 86_400_000);
}
