import { Router } from 'express';
import { SESSIONS } from '../../shared/routes/sessions.ts';
import { serve } from '../http/route.ts';
import type { Notice } from '../core/notices.ts';
import type { SessionsService } from './sessions.service.ts';

export function sessionRoutes(deps: { sessions: SessionsService; publish: (notices: Notice[]) => void }): Router {
  const { sessions, publish } = deps;
  const router = Router();

  serve(router, SESSIONS.list, (_, { actor }) => sessions.list(actor));

  serve(router, SESSIONS.get, ({ params }, { actor }) => sessions.getVisible(actor, params.id));

  serve(router, SESSIONS.create, ({ body }, { actor }) => sessions.create(actor, body));

  serve(router, SESSIONS.update, async ({ params, body }, { actor, reply }) => {
    const { result, notices } = await sessions.update(actor, params.id, body);
    reply(result);
    publish(notices);
  });

  serve(router, SESSIONS.notice, async ({ params }, { actor, reply }) => {
    const { result, notices } = await sessions.publishNotice(actor, params.id);
    reply(result);
    publish(notices);
  });

  serve(router, SESSIONS.transition, async ({ params, body }, { actor, reply }) => {
    const { result, notices } = await sessions.transition(actor, params.id, body.to);
    reply(result);
    publish(notices);
  });

  return router;
}
