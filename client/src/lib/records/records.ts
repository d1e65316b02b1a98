import type { Session } from '../../../../shared/schemas/session.ts';
import type { Archive, SearchResult, Segment, SegmentCorrectionInput } from '../../../../shared/schemas/transcript.ts';
import { request } from '../core/api.ts';
import type { Minutes } from './minutes.ts';
import type { ProgrammeData, Unit } from '../programme/programme.ts';

/** The public record: programme, sessions, archives, minutes and search; corrections for staff. */
export const recordsApi = {
  units: () => request<Unit[]>('GET', '/api/units'),
  programme: (unitId: number) => request<ProgrammeData>('GET', `/api/units/${unitId}/programme`),
  session: (id: number) => request<Session>('GET', `/api/sessions/${id}`),
  archive: (id: number) => request<Archive>('GET', `/api/sessions/${id}/archive`),
  minutes: (id: number) => request<Minutes>('GET', `/api/sessions/${id}/minutes`),
  search: (q: string, limit = 50) => request<SearchResult>('GET', `/api/search?q=${encodeURIComponent(q)}&limit=${limit}`),
  correctSegment: (id: number, patch: SegmentCorrectionInput) => request<Segment>('PATCH', `/api/admin/transcript/${id}`, patch),
};

/** Which unit's programme to show: the one in `?unit=`, the signed-in staff member's, else the first there is. */
export async function resolveUnit(search: string, staffUnitId: number | null): Promise<{ ok: true; unitId: number | null } | { ok: false; error: import('../../../../shared/errors.ts').ErrorBody }> {
  const asked = Number(new URLSearchParams(search).get('unit'));
  if (Number.isInteger(asked) && asked > 0) return { ok: true, unitId: asked };
  if (staffUnitId) return { ok: true, unitId: staffUnitId };
  const ack = await recordsApi.units();
  if (!ack.ok) return ack;
  return { ok: true, unitId: ack.data[0]?.id ?? null };
}
