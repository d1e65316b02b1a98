import { AppError } from '../../shared/errors.ts';
import type { Department } from '../../shared/schemas/followup.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../core/db/database.ts';
import { insertDepartment, listDepartments } from './departments.repository.ts';

/** The unit's departments, to which written answers are assigned. */
export function createDepartmentsService(deps: { db: Database }) {
  const { db } = deps;

  return {
    async list(unitId: number): Promise<Department[]> {
      return listDepartments(db, unitId);
    },

    async add(actor: Actor, name: string): Promise<Department> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      return db.write(async (tx) => {
        if ((await listDepartments(tx, unitId)).some((d) => d.name === name)) throw new AppError('conflict', `department ${name} exists`);
        return insertDepartment(tx, unitId, name);
      });
    },
  };
}
export type DepartmentsService = ReturnType<typeof createDepartmentsService>;
