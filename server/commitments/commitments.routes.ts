import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { CommitmentInput } from '../../shared/schemas/commitment.ts';
import { parseWith } from '../http/validate.ts';
import { KeptInput, type CommitmentsService } from './commitments.service.ts';

export function commitmentRoutes(deps: { commitments: CommitmentsService }): Router {
  const { commitments } = deps;
  const router = Router();
  const id = (value: unknown) => parseWith(IdParam, value);

  router.get('/api/sessions/:id/commitments', async (req, res) => {
    res.json(await commitments.list(id(req.params.id)));
  });

  router.get('/api/units/:id/commitments', async (req, res) => {
    res.json(await commitments.listUnit(id(req.params.id)));
  });

  router.post('/api/staff/sessions/:id/commitments', async (req, res) => {
    res.status(201).json(await commitments.create(res.locals.actor, id(req.params.id), parseWith(CommitmentInput, req.body)));
  });

  router.post('/api/staff/commitments/:id/kept', async (req, res) => {
    res.json(await commitments.markKept(res.locals.actor, id(req.params.id), parseWith(KeptInput, req.body).note));
  });

  return router;
}
