import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, expectOk } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const LEFT_PENDING = 'Xin hỏi phường khi nào lắp thêm thùng rác trong công viên Hòa Bình ạ?';

describe('a question nobody moderated before the session ended', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Participant;
  let staff: WatchedPage;
  let visitor: WatchedPage;
  let code = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    const asker = await resident(server.url);
    const question = await ask(asker, server.demoSessionId, LEFT_PENDING);
    code = question.trackingCode;
    asker.close();
    expectOk(await admin.send('session:transition', { sessionId: server.demoSessionId, to: 'live' }));
    expectOk(await admin.send('session:transition', { sessionId: server.demoSessionId, to: 'ended' }));
    [staff, visitor] = await Promise.all([openPage(browser), openPage(browser, { width: 360 })]);
  });
  afterAll(async () => {
    admin?.close();
    await browser?.close();
    await server?.close();
  });

  it('answers its tracking code, awaiting moderation, without showing its words to others', async () => {
    await visitor.page.goto(`${server.url}/q/${code}`);
    await visitor.page.getByText('Chờ duyệt').first().waitFor();
    await visitor.page.getByText('Câu hỏi đang chờ duyệt; nội dung sẽ hiện sau khi được duyệt.').waitFor();
    await visitor.page.getByText('Đã gửi câu hỏi').waitFor();
    expect(await visitor.page.getByText(LEFT_PENDING).count()).toBe(0);
    await screenshot(visitor.page, 'tracking-pending-360');
  });

  it('waits in the follow-up desk, marked, where staff reject it with a reason', async () => {
    const page = staff.page;
    await signIn(page, server.url, `/s/${server.demoSessionId}/followups`, 'admin', server.adminPassword);
    const item = page.getByRole('article', { name: code });
    await item.getByText('Chưa duyệt khi buổi kết thúc').waitFor();
    await item.getByText(LEFT_PENDING).waitFor();
    await screenshot(page, 'followups-pending-1280');
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'followups-pending-360');
    await page.setViewportSize({ width: 1280, height: 900 });
    await item.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await item.getByLabel('Lý do từ chối').selectOption('off_topic');
    await item.getByRole('button', { name: 'Từ chối câu hỏi' }).click();
    await page.getByRole('article', { name: code }).waitFor({ state: 'detached' });
    expect(staff.errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
  });
});
