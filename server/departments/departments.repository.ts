import type { Department } from '../../shared/schemas/followup.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

export async function listDepartments(q: Queryable, unitId: number): Promise<Department[]> {
  return q.all('SELECT id, name FROM departments WHERE unit_id = ? ORDER BY name', [unitId]);
}

export async function findDepartment(q: Queryable, id: number): Promise<(Department & { unitId: number }) | undefined> {
  return q.get('SELECT id, name, unit_id AS unitId FROM departments WHERE id = ?', [id]);
}

export async function insertDepartment(tx: Tx, unitId: number, name: string): Promise<Department> {
  return (await tx.get<Department>('INSERT INTO departments (unit_id, name) VALUES (?, ?) RETURNING id, name', [unitId, name]))!;
}
