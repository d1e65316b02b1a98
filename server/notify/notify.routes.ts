import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { ContactInput, StopToken, VerifyInput } from '../../shared/schemas/notify.ts';
import { TrackingCode } from '../../shared/schemas/question.ts';
import { parseWith } from '../http/validate.ts';
import type { NotifyService } from './notify.service.ts';

export function notifyRoutes(deps: { notify: NotifyService }): Router {
  const { notify } = deps;
  const router = Router();
  const id = (value: unknown) => parseWith(IdParam, value);

  router.put('/api/me/questions/:id/contact', async (req, res) => {
    res.json(await notify.leaveContact(res.locals.actor, id(req.params.id), parseWith(ContactInput, req.body)));
  });

  router.post('/api/me/questions/:id/contact/verify', async (req, res) => {
    res.json(await notify.verify(res.locals.actor, id(req.params.id), parseWith(VerifyInput, req.body)));
  });

  router.put('/api/staff/questions/:id/contact', async (req, res) => {
    res.json(await notify.leaveContact(res.locals.actor, id(req.params.id), parseWith(ContactInput, req.body)));
  });

  router.get('/api/staff/questions/:id/notifications', async (req, res) => {
    res.json(await notify.forStaff(res.locals.actor, id(req.params.id)));
  });

  router.get('/api/questions/:code/notifications', async (req, res) => {
    res.json(await notify.byCode(parseWith(TrackingCode, req.params.code)));
  });

  // The link in every message stops that question's news in one click.
  router.get('/api/notify/stop/:token', async (req, res) => {
    const stopped = await notify.stop(parseWith(StopToken, req.params.token));
    res
      .status(stopped ? 200 : 404)
      .type('text/plain; charset=utf-8')
      .send(stopped ? 'Đã ngừng gửi tin về câu hỏi này. / News of this question stopped.' : 'Liên kết không còn hiệu lực. / This link is no longer valid.');
  });

  return router;
}
