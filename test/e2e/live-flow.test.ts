import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

const QUESTION = 'Xin hỏi phường khi nào sửa xong đoạn vỉa hè bị sụt lún trước chợ Hòa Bình?';
const DEMO_FIRST = 'Khi nào phường sắp xếp lại chỗ để xe máy';

const suite = browserSuite();
let asker: WatchedPage;
let voter: WatchedPage;
let moderator: WatchedPage;

const livePath = () => `/s/${suite.server.demoSessionId}`;
const consolePath = () => `/s/${suite.server.demoSessionId}/moderate`;

/** The residents' "top" list, item by item as shown. */
const listItems = (page: Page) => page.getByRole('tabpanel').getByRole('article');
const firstItemText = (page: Page) => listItems(page).first().innerText();

describe('live town hall in the browser', () => {
  beforeAll(async () => {
    [asker, voter, moderator] = await Promise.all([openPage(suite.browser, { width: 390 }), openPage(suite.browser, { width: 390 }), openPage(suite.browser)]);
  });

  it('carries a question from a resident to the moderator queue and, once approved, to the public list', async () => {
    await asker.page.goto(suite.server.url + livePath());
    await asker.page.getByRole('heading', { name: 'Trật tự đô thị và vỉa hè' }).waitFor();

    await signIn(moderator.page, suite.server.url, consolePath(), 'admin', suite.server.adminPassword);
    const queue = moderator.page.getByRole('region', { name: /^Chờ duyệt \(\d+\)$/ });
    await queue.getByText('Không có câu hỏi chờ duyệt.').waitFor();

    await asker.page.getByLabel('Câu hỏi của bạn').fill(QUESTION);
    await asker.page.getByLabel('Họ tên (không bắt buộc)').fill('Đỗ Thị Lan');
    await asker.page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await asker.page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();

    // Arrives in the queue without a reload.
    const card = queue.getByRole('article').filter({ hasText: QUESTION });
    await card.waitFor();
    await moderator.page.getByRole('heading', { name: 'Chờ duyệt (1)' }).waitFor();
    // The name was not published: staff read it only by asking, and the server logs each reading.
    expect(await card.innerText()).not.toContain('Đỗ Thị Lan');
    await card.getByRole('button', { name: 'Xem tên (được ghi nhật ký)' }).click();
    await card.getByText(/Đỗ Thị Lan/).waitFor();
    await card.getByRole('button', { name: 'Duyệt', exact: true }).click();

    await listItems(asker.page).filter({ hasText: QUESTION }).waitFor();
    await moderator.page.getByRole('heading', { name: 'Chờ duyệt (0)' }).waitFor();
    await asker.page.getByRole('tab', { name: /Của tôi/ }).click();
    const mine = asker.page.getByRole('tabpanel').getByRole('article').filter({ hasText: QUESTION });
    await mine.getByText('Đã duyệt').waitFor();
    await asker.page.getByRole('tab', { name: 'Nổi bật' }).click();
  });

  it('lets the moderator work the queue from the keyboard, and shows a rejection reason only to its asker', async () => {
    const keep = 'Đề nghị phường công khai lịch thu gom rác cồng kềnh của từng tổ dân phố.';
    const drop = 'Đề nghị phường công khai lịch thu gom rác cồng kềnh giúp bà con với ạ.';
    for (const text of [keep, drop]) {
      await asker.page.getByRole('button', { name: 'Đặt câu hỏi khác' }).click();
      await asker.page.getByLabel('Câu hỏi của bạn').fill(text);
      await asker.page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
      await asker.page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    }
    const page = moderator.page;
    await page.getByRole('heading', { name: 'Chờ duyệt (2)' }).waitFor();

    // J and K move a visible selection (K stops at the top of the queue); A approves it and the selection
    // moves on to the next question waiting.
    await page.keyboard.press('j');
    for (let i = 0; i < 8; i += 1) await page.keyboard.press('k');
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await expect.poll(focused).toContain(keep);
    await page.keyboard.press('a');
    await page.getByRole('heading', { name: 'Chờ duyệt (1)' }).waitFor();

    await page.keyboard.press('r');
    const reason = page.getByLabel('Lý do không duyệt');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await reason.selectOption('duplicate');
    await page.getByRole('button', { name: 'Xác nhận không duyệt' }).click();
    await page.getByRole('heading', { name: 'Chờ duyệt (0)' }).waitFor();
    // The moderator sees, in the set-aside list, why each question was not approved.
    await page.getByText('Không duyệt (1)').click();
    await page.getByRole('article').filter({ hasText: drop }).getByText('Không duyệt vì: Trùng với câu hỏi khác').waitFor();
    await screenshot(page, 'console-set-aside-1280');

    await asker.page.getByRole('tab', { name: /Của tôi/ }).click();
    const rejected = asker.page.getByRole('tabpanel').getByRole('article').filter({ hasText: drop });
    await rejected.getByText('Lý do: Trùng với câu hỏi khác').waitFor();
    await asker.page.getByRole('tab', { name: 'Nổi bật' }).click();
    await listItems(asker.page).filter({ hasText: keep }).waitFor();
    expect(await asker.page.getByRole('tabpanel').innerText()).not.toContain(drop);
  });

  it('re-ranks the list on every resident screen when someone votes', async () => {
    await voter.page.goto(suite.server.url + livePath());
    await listItems(voter.page).filter({ hasText: QUESTION }).waitFor();
    // No votes yet: the oldest question leads on both screens.
    await expect.poll(() => firstItemText(voter.page)).toContain(DEMO_FIRST);
    await expect.poll(() => firstItemText(asker.page)).toContain(DEMO_FIRST);

    const item = listItems(voter.page).filter({ hasText: QUESTION });
    const vote = item.getByRole('button', { name: /Bình chọn câu hỏi này/ });
    expect(await vote.getAttribute('aria-pressed')).toBe('false');
    await vote.click();
    await expect.poll(() => vote.getAttribute('aria-pressed')).toBe('true');

    await expect.poll(() => firstItemText(voter.page)).toContain(QUESTION);
    await expect.poll(() => firstItemText(asker.page)).toContain(QUESTION);
    const askerView = listItems(asker.page).filter({ hasText: QUESTION });
    // The asker's own question: the count is shown, the button is not theirs to press.
    await expect.poll(() => askerView.getByRole('button', { name: /phiếu/ }).getAttribute('aria-label')).toContain('1 phiếu');
  });

  it('goes live from the console, stages a question, and shows it as being answered to residents and on the stage screen', async () => {
    const page = moderator.page;
    await page.getByRole('button', { name: 'Chuyển sang: Đang phát' }).click();
    await page.getByRole('group', { name: 'Trạng thái buổi' }).getByText('Đang phát').waitFor();
    await asker.page.getByText('Đang phát', { exact: true }).waitFor();

    const approved = page.getByRole('region', { name: /^Đã duyệt, theo số phiếu/ });
    await approved.getByRole('article').filter({ hasText: QUESTION }).getByRole('button', { name: 'Đưa lên sân khấu' }).click();

    const stageColumn = page.getByRole('region', { name: 'Sân khấu (1)' });
    await stageColumn.getByText(QUESTION).waitFor();

    const onStage = listItems(asker.page).first();
    await expect.poll(() => onStage.textContent()).toContain('Đang trả lời');
    expect(await onStage.innerText()).toContain(QUESTION);

    const stage = await voter.context.newPage();
    await stage.goto(`${suite.server.url}${livePath()}/stage`);
    await stage.getByRole('blockquote').filter({ hasText: QUESTION }).waitFor();
    // The stage screen is public: a name its asker did not publish is not on it.
    const screen = await stage.getByRole('region', { name: 'Màn hình sân khấu' }).innerText();
    expect(screen).toContain('Ẩn danh');
    expect(screen).not.toContain('Đỗ Thị Lan');
    expect(await stage.getByRole('region', { name: 'Tiếp theo' }).innerText()).toContain(DEMO_FIRST);

    // The audit trail names who did what.
    const audit = page.getByRole('region', { name: 'Nhật ký kiểm duyệt' });
    await audit.getByText(/đã đưa câu #\d+ lên sân khấu\.$/).waitFor();
    expect(await audit.innerText()).toMatch(/đã duyệt câu #\d+\./);
  });

  it('logs no console errors or CSP violations on any page', () => {
    expect([...asker.errors, ...voter.errors, ...moderator.errors]).toEqual([]);
  });
});
