import type { MonthlyRule } from '../../shared/rules/recurrence.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export async function findRule(q: Queryable, unitId: number): Promise<MonthlyRule | null> {
  const row = await q.get<{ rule_json: string }>('SELECT rule_json FROM unit_programmes WHERE unit_id = ?', [unitId]);
  return row ? (JSON.parse(row.rule_json) as MonthlyRule) : null;
}

export async function saveRule(tx: Tx, unitId: number, rule: MonthlyRule, now: Date): Promise<void> {
  await tx.run(
    `INSERT INTO unit_programmes (unit_id, rule_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (unit_id) DO UPDATE SET rule_json = excluded.rule_json, updated_at = excluded.updated_at`,
    [unitId, JSON.stringify(rule), now.toISOString()],
  );
}

export async function listThemes(q: Queryable, unitId: number): Promise<Array<{ month: string; theme: string }>> {
  return q.all('SELECT month_key AS month, theme FROM theme_plans WHERE unit_id = ? ORDER BY month_key', [unitId]);
}

export async function saveThemes(tx: Tx, unitId: number, themes: ReadonlyArray<{ month: string; theme: string }>): Promise<void> {
  for (const { month, theme } of themes) {
    await tx.run(
      `INSERT INTO theme_plans (unit_id, month_key, theme) VALUES (?, ?, ?)
       ON CONFLICT (unit_id, month_key) DO UPDATE SET theme = excluded.theme`,
      [unitId, month, theme],
    );
  }
}
