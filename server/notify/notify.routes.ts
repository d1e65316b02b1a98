import { Router } from 'express';
import { NOTIFY } from '../../shared/routes/notify.ts';
import { serve } from '../http/route.ts';
import type { NotifyService } from './notify.service.ts';

export function notifyRoutes(deps: { notify: NotifyService }): Router {
  const { notify } = deps;
  const router = Router();

  serve(router, NOTIFY.leaveContact, ({ params, body }, { actor }) => notify.leaveContact(actor, params.id, body));

  serve(router, NOTIFY.verify, ({ params, body }, { actor }) => notify.verify(actor, params.id, body));

  serve(router, NOTIFY.staffContact, ({ params, body }, { actor }) => notify.leaveContact(actor, params.id, body));

  serve(router, NOTIFY.forStaff, ({ params }, { actor }) => notify.forStaff(actor, params.id));

  serve(router, NOTIFY.byCode, ({ params }) => notify.byCode(params.code));

  // The link in every message stops that question's news in one click.
  serve(router, NOTIFY.stop, async ({ params }, { res }) => {
    const stopped = await notify.stop(params.token);
    res
      .status(stopped ? 200 : 404)
      .type('text/plain; charset=utf-8')
      .send(stopped ? 'Đã ngừng gửi tin về câu hỏi này. / News of this question stopped.' : 'Liên kết không còn hiệu lực. / This link is no longer valid.');
  });

  return router;
}
