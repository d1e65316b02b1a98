import express, { Router } from 'express';
import { AppError } from '../../shared/errors.ts';
import { MEDIA } from '../../shared/routes/media.ts';
import { serve } from '../http/route.ts';
import type { Notice } from '../core/notices.ts';
import type { RoomLifecycle } from './room-lifecycle.ts';
import { MEDIA_OFF_MESSAGE, type MediaService } from './media.service.ts';

export function mediaRoutes(deps: { media: MediaService; publish: (notices: Notice[]) => void }): Router {
  const { media, publish } = deps;
  const router = Router();

  serve(router, MEDIA.status, () => media.status());

  serve(router, MEDIA.myStage, ({ params }, { actor }) => media.myStage(actor, params.id));

  serve(router, MEDIA.sessionMedia, ({ params }, { actor }) => media.sessionMedia(actor, params.id));

  serve(router, MEDIA.streamTargets, ({ params }, { actor }) => media.listStreamTargets(actor, params.id));

  serve(router, MEDIA.setStreamTargets, async ({ params, body }, { actor, reply }) => {
    const { result, notices } = await media.setStreamTargets(actor, params.id, body);
    reply(result);
    publish(notices);
  });

  serve(router, MEDIA.ingress, ({ params }, { actor }) => media.listIngress(actor, params.id));

  serve(router, MEDIA.createIngress, ({ params, body }, { actor }) => media.createIngress(actor, params.id, body));

  return router;
}

/**
 * LiveKit's webhooks. The signature covers the exact bytes sent, so the body is read raw, never parsed and
 * re-serialized; the route lives outside /api, away from its JSON parser and the browsers' CSRF check.
 */
export function webhookRoutes(deps: { rooms: RoomLifecycle | null }): Router {
  const { rooms } = deps;
  const router = Router();
  const raw = express.raw({ type: () => true, limit: '256kb' });
  serve(
    router,
    MEDIA.webhook,
    async (_, { req }) => {
      if (!rooms) throw new AppError('unavailable', MEDIA_OFF_MESSAGE);
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const applied = await rooms.receiveWebhook(body, req.get('authorization'));
      return { ok: true as const, applied };
    },
    { before: [raw] },
  );
  return router;
}
