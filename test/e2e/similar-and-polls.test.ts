import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

const DEMO_PARKING = 'Khi nào phường sắp xếp lại chỗ để xe máy trên vỉa hè phố Trần Duy Hưng';
const POLL = 'Tháng sau nên bàn chủ đề nào?';

const suite = browserSuite();
let alice: WatchedPage;
let bob: WatchedPage;
let moderator: WatchedPage;

const livePath = () => `/s/${suite.server.demoSessionId}`;
const pollCard = (page: Page) => page.getByRole('article', { name: POLL });

describe('while residents type, and live polls', () => {
  beforeAll(async () => {
    [alice, bob, moderator] = await Promise.all([openPage(suite.browser, { width: 390 }), openPage(suite.browser, { width: 390 }), openPage(suite.browser)]);
  });

  it('offers similar questions of the session while a resident types without diacritics, to vote for instead', async () => {
    const page = alice.page;
    await page.goto(suite.server.url + livePath());
    await page.getByLabel('Câu hỏi của bạn').fill('khi nao sap xep cho de xe may tren via he');
    const similar = page.getByRole('region', { name: 'Câu hỏi tương tự đã có' });
    await similar.getByText('Bạn có thể bình chọn thay vì hỏi lại.').waitFor();
    const item = similar.getByRole('listitem').filter({ hasText: DEMO_PARKING });
    await item.getByRole('button', { name: /Bình chọn/ }).click();
    await item.getByRole('button', { name: /Đã bình chọn \(1\)/ }).waitFor();
    // Too short to search: the suggestions go away.
    await page.getByLabel('Câu hỏi của bạn').fill('khi nao');
    await similar.waitFor({ state: 'detached' });
  });

  it('carries a poll from the console to residents, and one resident\'s vote to the other\'s screen', async () => {
    await signIn(moderator.page, suite.server.url, `${livePath()}/moderate`, 'admin', suite.server.adminPassword);
    const panel = moderator.page.getByRole('region', { name: 'Bình chọn nhanh' });
    await panel.getByText('Tạo bình chọn').click();
    await panel.getByLabel('Câu hỏi bình chọn').fill(POLL);
    await panel.getByLabel('Phương án 1', { exact: true }).fill('Y tế cơ sở');
    await panel.getByLabel('Phương án 2', { exact: true }).fill('Giáo dục');
    await panel.getByRole('button', { name: 'Thêm phương án' }).click();
    await panel.getByLabel('Phương án 3', { exact: true }).fill('Môi trường');
    await panel.getByLabel('Bình chọn chủ đề cho các buổi sau').check();
    await panel.getByRole('button', { name: 'Tạo (bản nháp)' }).click();
    await bob.page.goto(suite.server.url + livePath());
    await bob.page.getByRole('heading', { name: 'Trật tự đô thị và vỉa hè' }).waitFor();
    // A draft stays with staff.
    expect(await pollCard(bob.page).count()).toBe(0);
    await panel.getByRole('button', { name: 'Mở bình chọn' }).click();

    await pollCard(alice.page).waitFor();
    await pollCard(bob.page).waitFor();
    const card = pollCard(alice.page);
    await card.getByLabel('Giáo dục').check();
    await card.getByRole('button', { name: 'Gửi lựa chọn' }).click();
    await card.getByText('bạn chọn').waitFor();

    // Bob has not voted, and sees Alice's vote arrive.
    const bobs = pollCard(bob.page);
    await bobs.getByText('1 người đã tham gia').waitFor();
    await expect.poll(() => bobs.getByRole('listitem').filter({ hasText: 'Giáo dục' }).innerText()).toContain('1 phiếu · 100%');
    await bobs.getByLabel('Y tế cơ sở').check();
    await bobs.getByRole('button', { name: 'Gửi lựa chọn' }).click();
    await card.getByText('2 người đã tham gia').waitFor();
    await panel.getByText('2 người đã tham gia').waitFor();

    // Alice changes her mind while it is open.
    await card.getByRole('button', { name: 'Đổi lựa chọn' }).click();
    await card.getByLabel('Y tế cơ sở').check();
    await card.getByRole('button', { name: 'Gửi lựa chọn' }).click();
    await expect.poll(() => bobs.getByRole('listitem').filter({ hasText: 'Y tế cơ sở' }).innerText()).toContain('2 phiếu · 100%');

    for (const width of [360, 1280]) {
      await alice.page.setViewportSize({ width, height: 900 });
      await card.screenshot({ path: `test-results/screenshots/poll-card-${width}.png` });
    }
    await screenshot(moderator.page, 'console-polls-1280');

    await panel.getByRole('button', { name: 'Đóng bình chọn' }).click();
    await pollCard(bob.page).getByText('Đã đóng').waitFor();
    expect(await pollCard(bob.page).getByRole('button', { name: 'Gửi lựa chọn' }).count()).toBe(0);
    for (const p of [alice, bob, moderator]) expect(p.errors).toEqual([]);
  });
});
