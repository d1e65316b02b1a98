import { AppError } from '../../shared/errors.ts';
import { occurrences, opensAt, type MonthlyRule } from '../../shared/rules/recurrence.ts';
import type { GenerateInput, Programme, ProgrammeInput } from '../../shared/schemas/programme.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import { applyPlannedTheme, existingOccurrences, findSession, insertSession, overlapping } from '../sessions/sessions.repository.ts';
import { findRule, listThemes, saveRule, saveThemes } from './programme.repository.ts';

export const THEME_TO_BE_ANNOUNCED = 'Chủ đề sẽ được công bố';

export interface GenerateResult {
  created: Session[];
  skipped: Array<{ month: string; reason: 'exists' | 'overlaps'; sessionId?: number }>;
}

export function createProgrammeService(deps: { db: Database; clock: Clock; onScheduleChanged?: () => void }) {
  const { db, clock, onScheduleChanged } = deps;

  return {
    async get(unitId: number): Promise<Programme> {
      return db.read(async (tx) => ({ unitId, rule: await findRule(tx, unitId), themes: await listThemes(tx, unitId) }));
    },

    async save(actor: Actor, input: ProgrammeInput): Promise<Programme> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      await db.write(async (tx) => {
        const now = clock();
        await saveRule(tx, unitId, input.rule as MonthlyRule, now);
        await saveThemes(tx, unitId, input.themes);
        const retitled: number[] = [];
        for (const { month, theme } of input.themes) retitled.push(...(await applyPlannedTheme(tx, unitId, month, theme, now)));
        await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'programme.save', detail: { rule: input.rule, themes: input.themes.length, sessionsRethemed: retitled }, at: now });
      });
      return this.get(unitId);
    },

    /**
     * Creates the sessions of the coming months from the rule and the theme plan. A month that already has its
     * session (even one moved by hand since, or one planned by hand) is left alone, so generating again never
     * duplicates a month or undoes edits.
     */
    async generate(actor: Actor, input: GenerateInput): Promise<GenerateResult> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      const generated = await db.write(async (tx) => {
        const rule = await findRule(tx, unitId);
        if (!rule) throw new AppError('wrong_state', 'set the monthly rule before generating sessions');
        const themes = new Map((await listThemes(tx, unitId)).map((t) => [t.month, t.theme]));
        const existing = await existingOccurrences(tx, unitId);
        const [year, month] = input.from.split('-').map(Number) as [number, number];
        const now = clock();
        const result: GenerateResult = { created: [], skipped: [] };
        for (const occurrence of occurrences(rule, { year, month }, input.months)) {
          if (existing.has(occurrence.key)) {
            result.skipped.push({ month: occurrence.key, reason: 'exists', sessionId: existing.get(occurrence.key) });
            continue;
          }
          const clash = await overlapping(tx, unitId, occurrence.startsAt, occurrence.endsAt);
          if (clash.length > 0) {
            result.skipped.push({ month: occurrence.key, reason: 'overlaps', sessionId: clash[0] });
            continue;
          }
          const [y, m] = occurrence.key.split('-');
          const id = await insertSession(
            tx,
            unitId,
            {
              title: input.title.replace('{month}', String(Number(m))).replace('{year}', y!),
              theme: themes.get(occurrence.key) ?? THEME_TO_BE_ANNOUNCED,
              description: '',
              officials: [],
              opensAt: opensAt(occurrence.startsAt, rule.openDaysBefore).toISOString(),
              startsAt: occurrence.startsAt.toISOString(),
              endsAt: occurrence.endsAt.toISOString(),
              premoderated: true,
            },
            'scheduled',
            now,
            occurrence.key,
          );
          result.created.push((await findSession(tx, id))!);
        }
        await appendAudit(tx, {
          unitId,
          sessionId: null,
          questionId: null,
          actor: actorLabel(actor),
          action: 'programme.generate',
          detail: { from: input.from, months: input.months, created: result.created.map((s) => s.id) },
          at: now,
        });
        return result;
      });
      if (generated.created.length > 0) onScheduleChanged?.();
      return generated;
    },
  };
}
export type ProgrammeService = ReturnType<typeof createProgrammeService>;
