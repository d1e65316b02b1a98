import { Router } from 'express';
import { FOLLOWUPS } from '../../shared/routes/followups.ts';
import { serve } from '../http/route.ts';
import type { DepartmentsService } from './departments.service.ts';

export function departmentRoutes(deps: { departments: DepartmentsService }): Router {
  const { departments } = deps;
  const router = Router();

  serve(router, FOLLOWUPS.departments, ({ params }) => departments.list(params.id));

  serve(router, FOLLOWUPS.addDepartment, ({ body }, { actor }) => departments.add(actor, body.name));

  return router;
}
