import type { Ack } from '../../../../shared/errors.ts';
import type { BackupStatus } from '../../../../shared/schemas/operations.ts';
import type { Session, SessionCreateInput, SessionList, SessionState, SessionUpdateInput } from '../../../../shared/schemas/session.ts';
import type { StaffCreateInput, StaffUpdateInput, StaffUser } from '../../../../shared/schemas/staff.ts';
import type { TranscriptImportInput, TranscriptImportResult } from '../../../../shared/schemas/transcript.ts';
import { request } from '../core/api.ts';
import type { MonthlyRule, ProgrammeData } from '../programme/programme.ts';

export interface GenerateResult {
  created: Session[];
  skipped: Array<{ month: string; reason: 'exists' | 'overlaps'; sessionId?: number }>;
}

export const adminApi = {
  listStaff: () => request<StaffUser[]>('GET', '/api/admin/staff'),
  createStaff: (input: StaffCreateInput) => request<StaffUser>('POST', '/api/admin/staff', input),
  updateStaff: (id: number, patch: StaffUpdateInput) => request<StaffUser>('PATCH', `/api/admin/staff/${id}`, patch),
  backups: () => request<BackupStatus>('GET', '/api/admin/backups'),
  listSessions: () => request<SessionList>('GET', '/api/sessions'),
  createSession: (input: SessionCreateInput) => request<Session>('POST', '/api/admin/sessions', input),
  updateSession: (id: number, patch: SessionUpdateInput) => request<Session>('PATCH', `/api/admin/sessions/${id}`, patch),
  transitionSession: (id: number, to: SessionState): Promise<Ack<Session>> =>
    request<Session>('POST', `/api/admin/sessions/${id}/transition`, { to }),
  programme: (unitId: number) => request<ProgrammeData>('GET', `/api/units/${unitId}/programme`),
  saveProgramme: (input: { rule: MonthlyRule; themes: Array<{ month: string; theme: string }> }) =>
    request<{ rule: MonthlyRule | null; themes: Array<{ month: string; theme: string }> }>('PUT', '/api/admin/programme', input),
  generate: (from: string, months: number) => request<GenerateResult>('POST', '/api/admin/programme/generate', { from, months }),
  importTranscript: (sessionId: number, input: TranscriptImportInput) =>
    request<TranscriptImportResult>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, input),
};

/** The theme plan to save: this window's typed themes (blank ones dropped) plus what was planned outside it. */
export function mergeThemes(
  existing: ReadonlyArray<{ month: string; theme: string }>,
  windowMonths: readonly string[],
  typed: Readonly<Record<string, string>>,
): Array<{ month: string; theme: string }> {
  const inWindow = new Set(windowMonths);
  const kept = existing.filter((entry) => !inWindow.has(entry.month));
  const fresh = windowMonths.map((month) => ({ month, theme: (typed[month] ?? '').trim() })).filter((entry) => entry.theme);
  return [...kept, ...fresh].sort((a, b) => a.month.localeCompare(b.month)).slice(-36);
}
