import type { Allowances, Urgency } from '../../shared/schemas/followup.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export const DEFAULT_ALLOWANCES: Allowances = { urgent: 3, normal: 10, complex: 20 };

export async function allowances(q: Queryable, unitId: number): Promise<Allowances> {
  const rows = await q.all<{ urgency: Urgency; working_days: number }>('SELECT urgency, working_days FROM urgency_allowances WHERE unit_id = ?', [unitId]);
  return { ...DEFAULT_ALLOWANCES, ...Object.fromEntries(rows.map((r) => [r.urgency, r.working_days])) };
}

export async function saveAllowances(tx: Tx, unitId: number, values: Allowances): Promise<void> {
  for (const [urgency, days] of Object.entries(values)) {
    await tx.run(
      `INSERT INTO urgency_allowances (unit_id, urgency, working_days) VALUES (?, ?, ?)
       ON CONFLICT (unit_id, urgency) DO UPDATE SET working_days = excluded.working_days`,
      [unitId, urgency, days],
    );
  }
}
