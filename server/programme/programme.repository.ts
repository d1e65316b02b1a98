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

/**
 * The months (`YYYY-MM`) that already have their town hall, and which session holds each: a generated session by
 * its occurrence, a session planned by hand by the month it starts in (Hanoi time).
 */
export async function existingOccurrences(q: Queryable, unitId: number): Promise<Map<string, number>> {
  const rows = await q.all<{ month: string; id: number }>(
    `SELECT COALESCE(occurrence_key, strftime('%Y-%m', starts_at, '+7 hours')) AS month, id FROM sessions
     WHERE unit_id = ? ORDER BY occurrence_key IS NULL, id`,
    [unitId],
  );
  const months = new Map<string, number>();
  for (const row of rows) if (!months.has(row.month)) months.set(row.month, row.id);
  return months;
}

/**
 * Gives a month's generated session its newly planned theme, unless staff chose its theme by hand or it has
 * already gone live (the record keeps the theme it was held under). Returns the ids of the sessions changed.
 */
export async function applyPlannedTheme(tx: Tx, unitId: number, month: string, theme: string, now: Date): Promise<number[]> {
  const rows = await tx.all<{ id: number }>(
    `UPDATE sessions SET theme = ?, updated_at = ?
     WHERE unit_id = ? AND occurrence_key = ? AND theme_by_hand = 0 AND state IN ('scheduled', 'open') AND theme != ?
     RETURNING id`,
    [theme, now.toISOString(), unitId, month, theme],
  );
  return rows.map((r) => r.id);
}
