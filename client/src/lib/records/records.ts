import type { Session } from '../../../../shared/schemas/session.ts';
import type { Archive, SearchResult, Segment, SegmentCorrectionInput } from '../../../../shared/schemas/transcript.ts';
import type { Minutes } from './minutes.ts';
import type { ProgrammeData, Unit } from '../programme/programme.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';

/** The public record: programme, sessions, archives, minutes and search; corrections for staff. */
export const recordsApi = {
  units: () => call(PATHS.programme.units),
  programme: (unitId: number) => call(PATHS.programme.page, { params: { id: unitId } }),
  session: (id: number) => call(PATHS.sessions.get, { params: { id } }),
  archive: (id: number) => call(PATHS.transcripts.archive, { params: { id } }),
  minutes: (id: number) => call(PATHS.transcripts.minutes, { params: { id } }),
  search: (q: string, limit = 50) => call(PATHS.search.search, { query: { q, limit } }),
  correctSegment: (id: number, patch: SegmentCorrectionInput) => call(PATHS.transcripts.correct, { params: { id }, body: patch }),
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
