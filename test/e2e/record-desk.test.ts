import { beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { resident } from '../support/clients.ts';
import { ask, expectOk } from '../support/factory.ts';

const LEFT_PENDING = 'Xin hỏi phường khi nào lắp thêm thùng rác trong công viên Hòa Bình ạ?';

describe('a question nobody moderated before the session ended', () => {
  const suite = browserSuite({ admin: true });
  let staff: WatchedPage;
  let visitor: WatchedPage;
  let code = '';

  beforeAll(async () => {
    const asker = await resident(suite.server.url);
    const question = await ask(asker, suite.server.demoSessionId, LEFT_PENDING);
    code = question.trackingCode;
    asker.close();
    expectOk(await suite.admin.send('session:transition', { sessionId: suite.server.demoSessionId, to: 'live' }));
    expectOk(await suite.admin.send('session:transition', { sessionId: suite.server.demoSessionId, to: 'ended' }));
    [staff, visitor] = await Promise.all([openPage(suite.browser), openPage(suite.browser, { width: 360 })]);
  });

  it('answers its tracking code, awaiting moderation, without showing its words to others', async () => {
    await visitor.page.goto(`${suite.server.url}/q/${code}`);
    await visitor.page.getByText('Chờ duyệt').first().waitFor();
    await visitor.page.getByText('Câu hỏi đang chờ duyệt; nội dung sẽ hiện sau khi được duyệt.').waitFor();
    await visitor.page.getByText('Đã gửi câu hỏi').waitFor();
    expect(await visitor.page.getByText(LEFT_PENDING).count()).toBe(0);
    await screenshot(visitor.page, 'tracking-pending-360');
  });

  it('waits in the follow-up desk, marked, where staff reject it with a reason', async () => {
    const page = staff.page;
    await signIn(page, suite.server.url, `/s/${suite.server.demoSessionId}/followups`, 'admin', suite.server.adminPassword);
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
