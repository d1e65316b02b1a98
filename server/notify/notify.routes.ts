import { Router } from 'express';
import { NOTIFY } from '../../shared/routes/notify.ts';
import { serve } from '../http/route.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { NotifyService } from './notify.service.ts';

export function notifyRoutes(deps: { notify: NotifyService; byCodeLimit: ActorLimiter }): Router {
  const { notify, byCodeLimit } = deps;
  const router = Router();

  serve(router, NOTIFY.leaveContact, ({ params, body }, { actor }) => notify.leaveContact(actor, params.id, body));

  serve(router, NOTIFY.verify, ({ params, body }, { actor }) => notify.verify(actor, params.id, body));

  serve(router, NOTIFY.staffContact, ({ params, body }, { actor }) => notify.leaveContact(actor, params.id, body));

  serve(router, NOTIFY.forStaff, ({ params }, { actor }) => notify.forStaff(actor, params.id));

  serve(router, NOTIFY.deadLetters, (_, { actor }) => notify.deadLetters(actor));

  serve(router, NOTIFY.retry, ({ params }, { actor }) => notify.retry(actor, params.id));

  serve(router, NOTIFY.byCode, ({ params }) => notify.byCode(params.code));

  // Anyone may try a code, so both steps are limited per resident and per address: each sends a message or guesses one.
  serve(router, NOTIFY.contactByCode, ({ params, body }, { actor }) => {
    byCodeLimit.check(actor);
    return notify.leaveContactByCode(actor, params.code, body);
  });

  serve(router, NOTIFY.verifyByCode, ({ params, body }, { actor }) => {
    byCodeLimit.check(actor);
    return notify.verifyByCode(params.code, body);
  });

  // A mail scanner follows every link in a message, so the link only shows a page whose button stops the news.
  serve(router, NOTIFY.stopPage, async ({ params }, { res }) => {
    const contact = await notify.stopPage(params.token);
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
  serve(router, NOTIFY.stop, async ({ params }, { res }) => {
    const contact = await deps.notify.stop(params.token);
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
