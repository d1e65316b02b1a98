import { Router } from 'express';
import { COMMITMENTS } from '../../shared/routes/commitments.ts';
import { serve } from '../http/route.ts';
import type { CommitmentsService } from './commitments.service.ts';

export function commitmentRoutes(deps: { commitments: CommitmentsService }): Router {
  const { commitments } = deps;
  const router = Router();

  serve(router, COMMITMENTS.ofSession, ({ params }) => commitments.list(params.id));

  serve(router, COMMITMENTS.ofUnit, ({ params }) => commitments.listUnit(params.id));

  serve(router, COMMITMENTS.create, ({ params, body }, { actor }) => commitments.create(actor, params.id, body));

  serve(router, COMMITMENTS.kept, ({ params, body }, { actor }) => commitments.markKept(actor, params.id, body.note));

  return router;
}
