import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { DialogueRequestDecision, DialogueRequestInput, VoterCountInput } from '../../shared/schemas/dialogue.ts';
import { parseWith } from '../http/validate.ts';
import type { DialogueRequestsService } from './dialogue-requests.service.ts';

export function dialogueRequestRoutes(deps: { requests: DialogueRequestsService }): Router {
  const { requests } = deps;
  const router = Router();

  router.get('/api/units/:id/dialogue-requests', async (req, res) => {
    res.json(await requests.list(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.post('/api/units/:id/dialogue-requests', async (req, res) => {
    res.status(201).json(await requests.create(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(DialogueRequestInput, req.body)));
  });

  router.post('/api/dialogue-requests/:id/back', async (req, res) => {
    res.json(await requests.back(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.post('/api/admin/dialogue-requests/:id/decision', async (req, res) => {
    res.json(await requests.decide(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(DialogueRequestDecision, req.body)));
  });

  router.put('/api/admin/voter-count', async (req, res) => {
    res.json(await requests.setVoterCount(res.locals.actor, parseWith(VoterCountInput, req.body).voterCount));
  });

  return router;
}
