import type { UnitContact, UnitContactInput } from '../../shared/schemas/privacy.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export async function countUnits(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>('SELECT COUNT(*) AS n FROM units'))!.n;
}

export async function firstUnitId(q: Queryable): Promise<number | undefined> {
  return (await q.get<{ id: number }>('SELECT id FROM units ORDER BY id LIMIT 1'))?.id;
}

export async function insertUnit(tx: Tx, name: string, now: Date): Promise<number> {
  return (await tx.run('INSERT INTO units (name, created_at) VALUES (?, ?)', [name, now.toISOString()])).lastID;
}

export async function listUnits(q: Queryable): Promise<Array<{ id: number; name: string }>> {
  return q.all('SELECT id, name FROM units ORDER BY id');
}

export async function findUnit(q: Queryable, id: number): Promise<{ id: number; name: string } | undefined> {
  return q.get('SELECT id, name FROM units WHERE id = ?', [id]);
}

export async function findVoterCount(q: Queryable, unitId: number): Promise<number | null> {
  return (await q.get<{ voter_count: number | null }>('SELECT voter_count FROM units WHERE id = ?', [unitId]))?.voter_count ?? null;
}

export async function setVoterCount(tx: Tx, unitId: number, voterCount: number): Promise<void> {
  await tx.run('UPDATE units SET voter_count = ? WHERE id = ?', [voterCount, unitId]);
}

export async function findUnitContact(q: Queryable, unitId: number): Promise<(UnitContact & { id: number; name: string }) | undefined> {
  return q.get(
    'SELECT id, name, contact_address AS contactAddress, contact_phone AS contactPhone, contact_email AS contactEmail FROM units WHERE id = ?',
    [unitId],
  );
}

export async function saveUnitContact(tx: Tx, unitId: number, input: UnitContactInput): Promise<void> {
  await tx.run('UPDATE units SET contact_address = ?, contact_phone = ?, contact_email = ? WHERE id = ?', [
    input.contactAddress,
    input.contactPhone,
    input.contactEmail,
    unitId,
  ]);
}
