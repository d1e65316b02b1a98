import { rm } from 'node:fs/promises';
import { Router } from 'express';
import { z } from 'zod';
import { IdParam } from '../../shared/schemas/common.ts';
import { AllowancesInput, AnswerInput, AssignInput, CalendarDayInput, CloseInput, Day, DepartmentInput, RateInput, ReopenInput, SeenInput } from '../../shared/schemas/followup.ts';
import { TrackingCode } from '../../shared/schemas/question.ts';
import { parseWith } from '../http/validate.ts';
import type { Notice } from '../core/notices.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import { readAnswerUpload } from './attachment-upload.ts';
import { attachmentHeaders } from './attachments.ts';
import type { FollowupsService } from './followups.service.ts';
import type { FollowupSettings } from '../calendar/settings.service.ts';

/** An answer may carry a 5 MB attachment as multipart/form-data, read once the caller may answer. */
export const ANSWER_PATH = '/api/staff/questions/:id/answer';
export const ANSWER_PERMISSION = 'followup:answer';

const Year = z.coerce.number().int().min(2000).max(2100);

export function followupRoutes(deps: {
  followups: FollowupsService;
  settings: FollowupSettings;
  publish: (notices: Notice[]) => void;
  /** A resident's own writes (seen, rating, reopen): a page sends a few; a script sent 300 in 1.3 s. */
  residentLimit: ActorLimiter;
}): Router {
  const { followups, settings, publish, residentLimit } = deps;
  const router = Router();
  const id = (value: unknown) => parseWith(IdParam, value);

  router.get('/api/questions/:code', async (req, res) => {
    res.json(await followups.lookup(parseWith(TrackingCode, req.params.code), res.locals.actor));
  });

  router.get('/api/questions/:code/attachment', async (req, res) => {
    const file = await followups.attachment(parseWith(TrackingCode, req.params.code));
    res.set(attachmentHeaders(file)).sendFile(file.path);
  });

  router.get('/api/sessions/:id/report', async (req, res) => {
    res.json(await followups.report(id(req.params.id)));
  });

  router.get('/api/me/questions', async (_req, res) => {
    res.json(await followups.mine(res.locals.actor));
  });

  router.post('/api/me/questions/seen', async (req, res) => {
    const input = parseWith(SeenInput, req.body);
    residentLimit.check(res.locals.actor);
    res.json(await followups.markSeen(res.locals.actor, input));
  });

  router.post('/api/me/questions/:id/rating', async (req, res) => {
    const input = parseWith(RateInput, req.body);
    residentLimit.check(res.locals.actor);
    res.json(await followups.rate(res.locals.actor, id(req.params.id), input));
  });

  router.post('/api/me/questions/:id/reopen', async (req, res) => {
    const input = parseWith(ReopenInput, req.body);
    residentLimit.check(res.locals.actor);
    res.json(await followups.reopen(res.locals.actor, id(req.params.id), input));
  });

  router.get('/api/staff/sessions/:id/needs-fate', async (req, res) => {
    res.json(await followups.needingFate(res.locals.actor, id(req.params.id)));
  });

  router.get('/api/staff/followups', async (_req, res) => {
    res.json(await followups.dashboard(res.locals.actor));
  });

  router.post('/api/staff/questions/:id/assign', async (req, res) => {
    const { result, notices } = await followups.assign(res.locals.actor, id(req.params.id), parseWith(AssignInput, req.body));
    res.json(result);
    publish(notices);
  });

  router.post('/api/staff/questions/:id/close', async (req, res) => {
    const { result, notices } = await followups.close(res.locals.actor, id(req.params.id), parseWith(CloseInput, req.body));
    res.json(result);
    publish(notices);
  });

  router.post(ANSWER_PATH, async (req, res) => {
    const questionId = id(req.params.id);
    if (!req.is('multipart/form-data')) {
      res.json(await followups.answer(res.locals.actor, questionId, parseWith(AnswerInput, req.body)));
      return;
    }
    const upload = await readAnswerUpload(req, followups.attachmentsDir);
    try {
      res.json(await followups.answer(res.locals.actor, questionId, parseWith(AnswerInput, upload.fields), upload.file ?? undefined));
    } finally {
      // Adopted, the file has its stored name; refused, it goes.
      if (upload.file) await rm(upload.file.path, { force: true });
    }
  });

  router.get('/api/units/:id/departments', async (req, res) => {
    res.json(await settings.departments(id(req.params.id)));
  });

  router.post('/api/admin/departments', async (req, res) => {
    res.status(201).json(await settings.addDepartment(res.locals.actor, parseWith(DepartmentInput, req.body).name));
  });

  router.get('/api/units/:id/allowances', async (req, res) => {
    res.json(await settings.allowances(id(req.params.id)));
  });

  router.put('/api/admin/allowances', async (req, res) => {
    res.json(await settings.setAllowances(res.locals.actor, parseWith(AllowancesInput, req.body)));
  });

  router.get('/api/calendar/:year', async (req, res) => {
    res.json(await settings.calendar(parseWith(Year, req.params.year), res.locals.actor.staff?.unitId ?? null));
  });

  router.put('/api/admin/calendar', async (req, res) => {
    await settings.setCalendarDay(res.locals.actor, parseWith(CalendarDayInput, req.body));
    res.status(204).end();
  });

  router.delete('/api/admin/calendar/:date', async (req, res) => {
    await settings.removeCalendarDay(res.locals.actor, parseWith(Day, req.params.date));
    res.status(204).end();
  });

  return router;
}
