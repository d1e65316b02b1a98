import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { expectOk } from '../support/factory.ts';

const QUESTION = 'Xin hỏi phường khi nào lắp lại đèn chiếu sáng ở ngõ 45 phố Hoàng Hoa Thám?';
const ANSWER = 'Phòng Kinh tế đã khảo sát và sẽ lắp lại toàn bộ đèn chiếu sáng ngõ 45 trong tháng này.';
const DEPARTMENT = 'Phòng Kinh tế, Hạ tầng và Đô thị';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

const suite = browserSuite({ admin: true });
let asker: WatchedPage;
let staff: WatchedPage;
let trackingCode = '';

const figure = (page: Page, name: 'written' | 'satisfaction') => page.locator(`[data-figure="${name}"] .n`);

async function shootBoth(page: Page, name: string): Promise<void> {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('no question dropped: a question followed from asking to a rated written answer', () => {
  beforeAll(async () => {
    expect((await suite.admin.http.json('POST', '/api/admin/departments', { name: DEPARTMENT })).status).toBe(201);
    [asker, staff] = await Promise.all([openPage(suite.browser, { width: 390 }), openPage(suite.browser)]);
  });

  it('asks, approves, and ends the session with the question unanswered', async () => {
    const sessionId = suite.server.demoSessionId;
    await asker.page.goto(`${suite.server.url}/s/${sessionId}`);
    await asker.page.getByLabel('Câu hỏi của bạn').fill(QUESTION);
    await asker.page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await asker.page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();

    await signIn(staff.page, suite.server.url, `/s/${sessionId}/moderate`, 'admin', suite.server.adminPassword);
    const card = staff.page.getByRole('region', { name: /^Chờ duyệt/ }).getByRole('article').filter({ hasText: QUESTION });
    await card.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await staff.page.getByRole('heading', { name: 'Chờ duyệt (0)' }).waitFor();

    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'ended' }));

    await asker.page.getByRole('tab', { name: /Của tôi/ }).click();
    const mine = asker.page.getByRole('tabpanel').getByRole('article').filter({ hasText: QUESTION });
    trackingCode = (await mine.locator('a[href^="/q/"]').innerText()).trim();
    expect(trackingCode).toMatch(/^TD-\d{4}-\d{2}-\d{4,6}$/);
  });

  it('shows nothing answered in writing and no satisfaction on the scoreboard yet', async () => {
    await staff.page.goto(`${suite.server.url}/scoreboard`);
    await expect.poll(() => figure(staff.page, 'written').innerText()).toBe('0');
    expect(await figure(staff.page, 'satisfaction').innerText()).toBe('—');
  });

  it('assigns the question to a department and answers it in writing with a PDF', async () => {
    const page = staff.page;
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}/followups`);
    const item = page.getByRole('region', { name: /^Chưa xử lý/ }).getByRole('article', { name: trackingCode });
    await item.getByRole('button', { name: 'Giao phòng ban' }).click();
    await item.getByLabel('Phòng ban').selectOption({ label: DEPARTMENT });
    await item.getByLabel('Mức độ').selectOption('urgent');
    await shootBoth(page, 'followups');
    await item.getByRole('button', { name: 'Giao xử lý' }).click();

    const assigned = page.getByRole('region', { name: /^Đang chờ trả lời/ }).getByRole('article', { name: trackingCode });
    await assigned.getByText(DEPARTMENT).waitFor();
    await assigned.getByRole('button', { name: 'Trả lời bằng văn bản' }).click();
    await assigned.getByLabel('Nội dung trả lời').fill(ANSWER);
    await assigned.getByLabel(/Tệp đính kèm/).setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: PDF });
    await assigned.getByRole('button', { name: 'Đăng câu trả lời' }).click();
    await assigned.waitFor({ state: 'detached' });

    await page.goto(`${suite.server.url}/staff/followups`);
    await page.getByRole('heading', { name: 'Theo dõi hạn trả lời' }).waitFor();
    await page.getByText(/câu hỏi đang chờ trả lời/).waitFor();
    await shootBoth(page, 'followups-dashboard');
    expect(staff.errors).toEqual([]);
  });

  it('shows the resident the new answer in "Của tôi" and takes their rating', async () => {
    const page = asker.page;
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}`);
    const told = page.waitForResponse((res) => res.url().endsWith('/api/me/questions/seen'));
    await page.getByRole('tab', { name: /Của tôi/ }).click();
    const mine = page.getByRole('tabpanel').getByRole('article').filter({ hasText: QUESTION });
    await mine.getByText('Mới', { exact: true }).waitFor();
    await mine.getByText(ANSWER).waitFor();
    const link = mine.getByRole('link', { name: /ket-qua\.pdf/ });
    const href = await link.getAttribute('href');
    const file = await fetch(`${suite.server.url}${href}`);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    await shootBoth(page, 'my-question-answered');

    // Once shown, the answer is told seen: still "new" on this page, no longer on the next visit.
    expect((await told).status()).toBe(200);
    await page.reload();
    await page.getByRole('tab', { name: /Của tôi/ }).click();
    await mine.getByText(ANSWER).waitFor();
    expect(await mine.getByText('Mới', { exact: true }).count()).toBe(0);

    await mine.getByLabel('Hài lòng', { exact: true }).check();
    await mine.getByLabel('Góp ý thêm (không bắt buộc)').fill('Cảm ơn phường đã phản hồi nhanh.');
    await mine.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await mine.getByText('Đánh giá của người hỏi').waitFor();
    expect(await mine.getByRole('button', { name: 'Gửi đánh giá' }).count()).toBe(0);
    expect(asker.errors).toEqual([]);
  });

  it('tells the whole public history on the tracking page', async () => {
    const page = staff.page;
    await page.goto(`${suite.server.url}/q/${trackingCode}`);
    await page.getByRole('heading', { name: 'Quá trình xử lý' }).waitFor();
    const history = page.getByRole('region', { name: 'Quá trình xử lý' });
    await history.getByText('Giao xử lý').waitFor();
    for (const text of ['Đã trả lời', 'Người hỏi đánh giá']) await history.getByText(text).first().waitFor();
    await page.getByText('Đã trả lời bằng văn bản').waitFor();
    await page.getByText(ANSWER).waitFor();
    await shootBoth(page, 'tracking');

    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}/report`);
    await page.getByRole('link', { name: trackingCode }).waitFor();
    await shootBoth(page, 'report');
  });

  it('counts the written answer and the satisfaction on the scoreboard, drawn as charts', async () => {
    const page = staff.page;
    await page.goto(`${suite.server.url}/scoreboard`);
    await expect.poll(() => figure(page, 'written').innerText()).toBe('1');
    expect(await figure(page, 'satisfaction').innerText()).toBe('100%');
    expect(await page.locator('canvas[aria-label]').count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('row', { name: new RegExp(DEPARTMENT) }).waitFor();
    const csv = await page.getByRole('link', { name: /Tải CSV/ }).getAttribute('href');
    expect(await (await fetch(`${suite.server.url}${csv}`)).text()).toContain(trackingCode);
    await page.waitForTimeout(400);
    await shootBoth(page, 'scoreboard');
    expect(staff.errors).toEqual([]);
  });
});
