import { Router } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { ContactInput, StopToken, VerifyInput } from '../../shared/schemas/notify.ts';
import { TrackingCode } from '../../shared/schemas/question.ts';
import { parseWith } from '../http/validate.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { NotifyService } from './notify.service.ts';

export function notifyRoutes(deps: { notify: NotifyService; byCodeLimit: ActorLimiter }): Router {
  const { notify, byCodeLimit } = deps;
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

  router.get('/api/staff/notifications/dead', async (_req, res) => {
    res.json(await notify.deadLetters(res.locals.actor));
  });

  router.post('/api/staff/notifications/:id/retry', async (req, res) => {
    res.json(await notify.retry(res.locals.actor, id(req.params.id)));
  });

  router.get('/api/questions/:code/notifications', async (req, res) => {
    res.json(await notify.byCode(parseWith(TrackingCode, req.params.code)));
  });

  // Anyone may try a code, so both steps are limited per resident and per address: each sends a message or guesses one.
  router.put('/api/questions/:code/contact', async (req, res) => {
    byCodeLimit.check(res.locals.actor);
    res.json(await notify.leaveContactByCode(res.locals.actor, parseWith(TrackingCode, req.params.code), parseWith(ContactInput, req.body)));
  });

  router.post('/api/questions/:code/contact/verify', async (req, res) => {
    byCodeLimit.check(res.locals.actor);
    res.json(await notify.verifyByCode(parseWith(TrackingCode, req.params.code), parseWith(VerifyInput, req.body)));
  });

  // A mail scanner follows every link in a message, so the link only shows a page whose button stops the news.
  router.get('/api/notify/stop/:token', async (req, res) => {
    const token = parseWith(StopToken, req.params.token);
    const contact = await notify.stopPage(token);
    res
      .status(contact ? 200 : 404)
      .type('html')
      .send(contact ? stopPage('ask', contact.lang) : stopPage('gone', 'vi'));
  });

  return router;
}

/**
 * The stop itself, a POST: the button of the page above, or a mail client's one-click unsubscribe (RFC 8058:
 * `List-Unsubscribe=One-Click` sent as a form, from the mail provider, with no Origin). It is mounted before the
 * JSON-only write check because the random token in its path is all it needs: no cookie decides anything here.
 */
export function notifyStopRoutes(deps: { notify: NotifyService }): Router {
  const router = Router();
  router.post('/api/notify/stop/:token', async (req, res) => {
    const contact = await deps.notify.stop(parseWith(StopToken, req.params.token));
    res
      .status(contact ? 200 : 404)
      .type('html')
      .send(stopPage(contact ? 'stopped' : 'gone', contact?.lang ?? 'vi'));
  });
  return router;
}

const STOP_PAGE = {
  ask: {
    vi: { title: 'Ngừng nhận tin về câu hỏi này?', button: 'Ngừng nhận tin' },
    en: { title: 'Stop news of this question?', button: 'Stop the news' },
  },
  stopped: { vi: { title: 'Đã ngừng gửi tin về câu hỏi này.' }, en: { title: 'News of this question stopped.' } },
  gone: { vi: { title: 'Liên kết không còn hiệu lực.' }, en: { title: 'This link is no longer valid.' } },
} as const;

/** A bare page: the resident's language first, the other one under it; the form (no action) posts to the page's own address. */
function stopPage(state: keyof typeof STOP_PAGE, lang: 'vi' | 'en'): string {
  const other = lang === 'vi' ? 'en' : 'vi';
  const texts = STOP_PAGE[state];
  const form = state === 'ask' ? `<form method="post"><button type="submit">${STOP_PAGE.ask[lang].button}</button></form>` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${texts[lang].title}</title></head><body><main><h1>${texts[lang].title}</h1>${form}<p lang="${other}">${texts[other].title}</p></main></body></html>`;
}
