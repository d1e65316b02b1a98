import { Router } from 'express';
import { DIALOGUE } from '../../shared/routes/dialogue.ts';
import { serve } from '../http/route.ts';
import type { DialogueRequestsService } from './dialogue-requests.service.ts';

export function dialogueRequestRoutes(deps: { requests: DialogueRequestsService }): Router {
  const { requests } = deps;
  const router = Router();

  serve(router, DIALOGUE.list, ({ params }, { actor }) => requests.list(actor, params.id));

  serve(router, DIALOGUE.create, ({ params, body }, { actor }) => requests.create(actor, params.id, body));

  serve(router, DIALOGUE.back, ({ params }, { actor }) => requests.back(actor, params.id));

  serve(router, DIALOGUE.decide, ({ params, body }, { actor }) => requests.decide(actor, params.id, body));

  serve(router, DIALOGUE.voterCount, ({ body }, { actor }) => requests.setVoterCount(actor, body.voterCount));

  return router;
}
