import express, { Router } from 'express';
import { AppError } from '../../shared/errors.ts';
import { IdParam } from '../../shared/schemas/common.ts';
import { IngressCreateInput, StreamTargetsInput } from '../../shared/schemas/media.ts';
import { parseWith } from '../http/validate.ts';
import type { Notice } from '../core/notices.ts';
import type { RoomLifecycle } from './room-lifecycle.ts';
import { MEDIA_OFF_MESSAGE, type MediaService } from './media.service.ts';

export function mediaRoutes(deps: { media: MediaService; publish: (notices: Notice[]) => void }): Router {
  const { media, publish } = deps;
  const router = Router();

  router.get('/api/media/status', (_req, res) => {
    res.json(media.status());
  });

  router.get('/api/sessions/:id/stage/me', async (req, res) => {
    res.json(await media.myStage(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.get('/api/staff/sessions/:id/media', async (req, res) => {
    res.json(await media.sessionMedia(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.get('/api/admin/sessions/:id/stream-targets', async (req, res) => {
    res.json(await media.listStreamTargets(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.put('/api/admin/sessions/:id/stream-targets', async (req, res) => {
    const { result, notices } = await media.setStreamTargets(
      res.locals.actor,
      parseWith(IdParam, req.params.id),
      parseWith(StreamTargetsInput, req.body),
    );
    res.json(result);
    publish(notices);
  });

  router.get('/api/admin/sessions/:id/ingress', async (req, res) => {
    res.json(await media.listIngress(res.locals.actor, parseWith(IdParam, req.params.id)));
  });

  router.post('/api/admin/sessions/:id/ingress', async (req, res) => {
    res.status(201).json(await media.createIngress(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(IngressCreateInput, req.body)));
  });

  return router;
}

/**
 * LiveKit's webhooks. The signature covers the exact bytes sent, so the body is read raw, never parsed and
 * re-serialized; the route lives outside /api, away from its JSON parser and the browsers' CSRF check.
 */
export function webhookRoutes(deps: { rooms: RoomLifecycle | null }): Router {
  const { rooms } = deps;
  const router = Router();
  router.post('/livekit/webhook', express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    if (!rooms) throw new AppError('unavailable', MEDIA_OFF_MESSAGE);
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const applied = await rooms.receiveWebhook(body, req.get('authorization'));
    res.json({ ok: true, applied });
  });
  return router;
}
