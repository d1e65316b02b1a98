import type { DialogueRequest, DialogueRequestDecision, DialogueRequestInput, DialogueRequestList, ResultsDraftInput, ResultsDue, SessionResults, Signatory } from '../../../../shared/schemas/dialogue.ts';
import { OFFICIAL_ROLES, type Official, type OfficialRole, type Session } from '../../../../shared/schemas/session.ts';
import { request } from '../core/api.ts';
import { t } from '../i18n/index.svelte.ts';

/** Dialogues with residents (Art. 43): the notice, the results report, residents' requests. */
export const dialogueApi = {
  publishNotice: (sessionId: number) => request<{ session: Session; shortNotice: boolean }>('POST', `/api/admin/sessions/${sessionId}/notice`),
  results: (sessionId: number) => request<SessionResults>('GET', `/api/sessions/${sessionId}/results`),
  saveResults: (sessionId: number, input: ResultsDraftInput) => request<SessionResults>('PUT', `/api/staff/sessions/${sessionId}/results`, input),
  signResults: (sessionId: number, as: Signatory) => request<SessionResults>('POST', `/api/staff/sessions/${sessionId}/results/sign`, { as }),
  publishResults: (sessionId: number) => request<SessionResults>('POST', `/api/staff/sessions/${sessionId}/results/publish`),
  resultsDue: () => request<ResultsDue[]>('GET', '/api/staff/results-due'),
  requests: (unitId: number) => request<DialogueRequestList>('GET', `/api/units/${unitId}/dialogue-requests`),
  createRequest: (unitId: number, input: DialogueRequestInput) => request<DialogueRequest>('POST', `/api/units/${unitId}/dialogue-requests`, input),
  back: (id: number) => request<DialogueRequest>('POST', `/api/dialogue-requests/${id}/back`),
  decide: (id: number, decision: DialogueRequestDecision) => request<DialogueRequest>('POST', `/api/admin/dialogue-requests/${id}/decision`, decision),
  setVoterCount: (voterCount: number) => request<{ voterCount: number; threshold: number }>('PUT', '/api/admin/voter-count', { voterCount }),
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
