import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Department, FollowupView } from '../../shared/schemas/followup.ts';
import { openPage, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { resident, type Participant } from '../support/clients.ts';
import { approve, ask, expectOk } from '../support/factory.ts';

// Starts like a WebP file ("RIFF", four bytes, "WEBP"), so it passes the content check, and reads as a script.
const POLYGLOT = Buffer.from('RIFF=1/*WEBP*/;window.pwned = true;');

const suite = browserSuite({ admin: true });
let asker: Participant;
let url: string;

describe('an attachment named like a script', () => {
  beforeAll(async () => {
    asker = await resident(suite.server.url);
    const sessionId = suite.server.demoSessionId;
    const question = await ask(asker, sessionId, 'Xin hỏi bao giờ phường lắp lại đèn đường ở ngõ 5 ạ?');
    await approve(suite.admin, question.id);
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'ended' }));
    const department = (await suite.admin.http.json<Department>('POST', '/api/admin/departments', { name: 'Phòng Kinh tế' })).body;
    expect((await suite.admin.http.json('POST', `/api/staff/questions/${question.id}/assign`, { departmentId: department.id, urgency: 'normal' })).status).toBe(200);
    const form = new FormData();
    form.set('text', 'Đèn đường ngõ 5 đã được thay mới trong tuần này.');
    form.set('attachment', new Blob([POLYGLOT], { type: 'text/javascript' }), 'pwn.js');
    const answered = await suite.admin.http.upload<FollowupView>(`/api/staff/questions/${question.id}/answer`, form);
    expect(answered.status).toBe(200);
    url = answered.body.answer!.attachment!.url;
  });

  afterAll(async () => {
    asker?.close();
  });

  it('is served with the type checked at upload, sniffing off, in a sandbox of its own', async () => {
    const res = await fetch(`${suite.server.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="pwn\.js"/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(POLYGLOT);
  });

  it('does not run as a script from a page of the site', async () => {
    const watched: WatchedPage = await openPage(suite.browser);
    await watched.page.goto(`${suite.server.url}/`);
    const outcome = await watched.page.evaluate(
      (src) =>
        new Promise<{ event: string; pwned: boolean }>((resolve) => {
          const script = document.createElement('script');
          script.src = src;
          const done = (event: string) => resolve({ event, pwned: (window as { pwned?: boolean }).pwned === true });
          script.onload = () => done('load');
          script.onerror = () => done('error');
          document.head.append(script);
        }),
      url,
    );
    expect(outcome).toEqual({ event: 'error', pwned: false });
    await watched.context.close();
  });
});
