import { rm } from 'node:fs/promises';
import { Router } from 'express';
import { FOLLOWUPS } from '../../shared/routes/followups.ts';
import { serve } from '../http/route.ts';
import { parseWith } from '../http/validate.ts';
import type { Notice } from '../core/notices.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import { readAnswerUpload } from './attachment-upload.ts';
import { attachmentHeaders } from './attachments.ts';
import type { FollowupsService } from './followups.service.ts';
import type { AllowancesService } from './allowances.service.ts';

/** An answer may carry a 5 MB attachment as multipart/form-data, read once the caller may answer. */
export const ANSWER_PERMISSION = 'followup:answer';

export function followupRoutes(deps: {
  followups: FollowupsService;
  allowances: AllowancesService;
  publish: (notices: Notice[]) => void;
  /** A resident's own writes (seen, rating, reopen): a page sends a few; a script sent 300 in 1.3 s. */
  residentLimit: ActorLimiter;
}): Router {
  const { followups, allowances, publish, residentLimit } = deps;
  const router = Router();

  serve(router, FOLLOWUPS.lookup, ({ params }, { actor }) => followups.lookup(params.code, actor));

  serve(router, FOLLOWUPS.attachment, async ({ params }, { res }) => {
    const file = await followups.attachment(params.code);
    res.set(attachmentHeaders(file)).sendFile(file.path);
  });

  serve(router, FOLLOWUPS.report, ({ params }) => followups.report(params.id));

  serve(router, FOLLOWUPS.mine, (_, { actor }) => followups.mine(actor));

  serve(router, FOLLOWUPS.seen, ({ body }, { actor }) => {
    residentLimit.check(actor);
    return followups.markSeen(actor, body);
  });

  serve(router, FOLLOWUPS.rate, ({ params, body }, { actor }) => {
    residentLimit.check(actor);
    return followups.rate(actor, params.id, body);
  });

  serve(router, FOLLOWUPS.reopen, ({ params, body }, { actor }) => {
    residentLimit.check(actor);
    return followups.reopen(actor, params.id, body);
  });

  serve(router, FOLLOWUPS.needsFate, ({ params }, { actor }) => followups.needingFate(actor, params.id));

  serve(router, FOLLOWUPS.dashboard, (_, { actor }) => followups.dashboard(actor));

  serve(router, FOLLOWUPS.assign, async ({ params, body }, { actor, reply }) => {
    const { result, notices } = await followups.assign(actor, params.id, body);
    reply(result);
    publish(notices);
  });

  serve(router, FOLLOWUPS.close, async ({ params, body }, { actor, reply }) => {
    const { result, notices } = await followups.close(actor, params.id, body);
    reply(result);
    publish(notices);
  });

  serve(router, FOLLOWUPS.answer, async ({ params, body }, { actor, req }) => {
    if (!req.is('multipart/form-data')) return followups.answer(actor, params.id, body);
    const upload = await readAnswerUpload(req, followups.attachmentsDir);
    try {
      return await followups.answer(actor, params.id, parseWith(FOLLOWUPS.answer.body, upload.fields), upload.file ?? undefined);
    } finally {
      // Adopted, the file has its stored name; refused, it goes.
      if (upload.file) await rm(upload.file.path, { force: true });
    }
  });

  serve(router, FOLLOWUPS.allowances, ({ params }) => allowances.get(params.id));

  serve(router, FOLLOWUPS.setAllowances, ({ body }, { actor }) => allowances.set(actor, body));

  return router;
}
