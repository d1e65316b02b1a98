import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPage, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

const suite = browserSuite();
let resident: WatchedPage;

const livePath = () => `/s/${suite.server.demoSessionId}`;
const card = (page: Page, text: string) => page.getByRole('tabpanel').getByRole('article').filter({ hasText: text });
const voteButton = (article: Locator) => article.getByRole('button').first();
const state = async (article: Locator) => ({
  pressed: await voteButton(article).getAttribute('aria-pressed'),
  count: (await voteButton(article).innerText()).trim(),
});

describe('votes on a phone', () => {
  beforeAll(async () => {
    resident = await openPage(suite.browser, { width: 360, height: 740 });
    await resident.page.goto(suite.server.url + livePath());
    await resident.page.getByRole('tabpanel').getByRole('article').first().waitFor();
  });

  it('counts a double tap (second tap 200 ms after the first) as one vote', async () => {
    const question = card(resident.page, 'chỗ để xe máy');
    await voteButton(question).click();
    await resident.page.waitForTimeout(200);
    await voteButton(question).click();
    // Long enough for any second vote to have been acked and shown.
    await resident.page.waitForTimeout(1500);
    expect(await state(question)).toEqual({ pressed: 'true', count: '1' });
    // A separate tap later takes the vote back.
    await voteButton(question).click();
    await expect.poll(() => state(question)).toEqual({ pressed: 'false', count: '0' });
  });

  it('shows a vote tapped while the connection is down as waiting, then sends it on reconnect and says so', async () => {
    const page = resident.page;
    const question = card(page, 'lấn chiếm vỉa hè');
    const restarting = suite.server.restart({ downMs: 4000 });
    await page.getByText('Đang kết nối lại…').waitFor();
    await voteButton(question).click();
    await page.getByText('Mất kết nối. Bình chọn của bạn đang chờ').waitFor();
    await question.getByText('Đang chờ có mạng để gửi bình chọn…').waitFor();
    expect((await state(question)).count).toBe('0');
    await restarting;
    await page.getByText('Đã có mạng trở lại: 1 bình chọn đang chờ đã được ghi nhận.').waitFor({ timeout: 30_000 });
    await expect.poll(() => state(question)).toEqual({ pressed: 'true', count: '1' });
    expect(await question.getByText('Đang chờ có mạng để gửi bình chọn…').count()).toBe(0);
  });

  it("does not let an asker vote for their own question, and says why", async () => {
    const text = 'Xin hỏi phường có kế hoạch sửa cống thoát nước ở hẻm 15 đường Nguyễn Trãi không?';
    await resident.page.getByLabel('Câu hỏi của bạn').fill(text);
    await resident.page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await resident.page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();

    const moderator = await openPage(suite.browser);
    await signIn(moderator.page, suite.server.url, `${livePath()}/moderate`, 'admin', suite.server.adminPassword);
    await moderator.page.getByRole('article').filter({ hasText: text }).getByRole('button', { name: 'Duyệt', exact: true }).click();

    const own = card(resident.page, text);
    await own.waitFor();
    await own.getByText('Câu hỏi của bạn: phiếu của người hỏi không được tính').waitFor();
    expect(await voteButton(own).isDisabled()).toBe(true);
    await moderator.context.close();
  });
});
