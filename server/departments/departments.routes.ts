import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { DepartmentInput } from '../../shared/schemas/followup.ts';
import { parseWith } from '../http/validate.ts';
import type { DepartmentsService } from './departments.service.ts';

export function departmentRoutes(deps: { departments: DepartmentsService }): Router {
  const { departments } = deps;
  const router = Router();

  router.get('/api/units/:id/departments', async (req, res) => {
    res.json(await departments.list(parseWith(IdParam, req.params.id)));
  });

  router.post('/api/admin/departments', async (req, res) => {
    res.status(201).json(await departments.add(res.locals.actor, parseWith(DepartmentInput, req.body).name));
  });

  return router;
}
