import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { SessionCreateInput, SessionState, SessionUpdateInput } from '../../shared/schemas/session.ts';
import { z } from 'zod';
import { parseWith } from '../http/validate.ts';
import type { Notice } from '../core/notices.ts';
import type { SessionsService } from './sessions.service.ts';

const TransitionBody = z.strictObject({ to: SessionState });

export function sessionRoutes(deps: { sessions: SessionsService; publish: (notices: Notice[]) => void }): Router {
  const { sessions, publish } = deps;
  const router = Router();

  router.get('/api/sessions', async (_req, res) => {
    res.json(await sessions.list(res.locals.actor));
  });

  router.get('/api/sessions/:id', async (req, res) => {
    res.json(await sessions.getVisible(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.post('/api/admin/sessions', async (req, res) => {
    res.status(201).json(await sessions.create(res.locals.actor, parseWith(SessionCreateInput, req.body)));
  });

  router.patch('/api/admin/sessions/:id', async (req, res) => {
    const { result, notices } = await sessions.update(
      res.locals.actor,
      parseWith(IdParam, req.params.id),
      parseWith(SessionUpdateInput, req.body),
    );
    res.json(result);
    publish(notices);
  });

  router.post('/api/admin/sessions/:id/notice', async (req, res) => {
    const { result, notices } = await sessions.publishNotice(res.locals.actor, parseWith(IdParam, req.params.id));
    res.json(result);
    publish(notices);
  });

  router.post('/api/admin/sessions/:id/transition', async (req, res) => {
    const { to } = parseWith(TransitionBody, req.body);
    const { result, notices } = await sessions.transition(res.locals.actor, parseWith(IdParam, req.params.id), to);
    res.json(result);
    publish(notices);
  });

  return router;
}
