import type { Ack } from '../../../../shared/errors.ts';
import type { BackupStatus } from '../../../../shared/schemas/operations.ts';
import type { Session, SessionCreateInput, SessionList, SessionState, SessionUpdateInput } from '../../../../shared/schemas/session.ts';
import type { StaffCreateInput, StaffUpdateInput, StaffUser } from '../../../../shared/schemas/staff.ts';
import type { TranscriptImportInput, TranscriptImportResult } from '../../../../shared/schemas/transcript.ts';
import type { MonthlyRule, ProgrammeData } from '../programme/programme.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';

export type { GenerateResult } from '../../../../shared/schemas/programme.ts';

export const adminApi = {
  listStaff: () => call(PATHS.staff.list),
  createStaff: (input: StaffCreateInput) => call(PATHS.staff.create, { body: input }),
  updateStaff: (id: number, patch: StaffUpdateInput) => call(PATHS.staff.update, { params: { id }, body: patch }),
  backups: () => call(PATHS.ops.backups),
  listSessions: () => call(PATHS.sessions.list),
  createSession: (input: SessionCreateInput) => call(PATHS.sessions.create, { body: input }),
  updateSession: (id: number, patch: SessionUpdateInput) => call(PATHS.sessions.update, { params: { id }, body: patch }),
  transitionSession: (id: number, to: SessionState) => call(PATHS.sessions.transition, { params: { id }, body: { to } }),
  programme: (unitId: number) => call(PATHS.programme.page, { params: { id: unitId } }),
  saveProgramme: (input: { rule: MonthlyRule; themes: Array<{ month: string; theme: string }> }) => call(PATHS.programme.save, { body: input }),
  generate: (from: string, months: number) => call(PATHS.programme.generate, { body: { from, months } }),
  importTranscript: (sessionId: number, input: TranscriptImportInput) => call(PATHS.transcripts.import, { params: { id: sessionId }, body: input }),
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
