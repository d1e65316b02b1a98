import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, signIn } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { staffMember } from '../support/clients.ts';
import { expectOk } from '../support/factory.ts';

const suite = browserSuite();

const livePath = () => `/s/${suite.server.demoSessionId}`;
const questions = (page: Page) => page.getByRole('tabpanel').getByRole('article');

/** The scripts a page fetched from the moment it was opened until it settled. */
async function scriptsOf(page: Page, path: string): Promise<Set<string>> {
  const scripts = new Set<string>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname);
  });
  await page.goto(suite.server.url + path);
  await page.waitForLoadState('networkidle');
  return scripts;
}

describe("a resident's phone", () => {
  it('downloads none of the code of the staff console, the administration or the studio', async () => {
    const resident = await openPage(suite.browser, { width: 360, height: 740 });
    const residentScripts = await scriptsOf(resident.page, livePath());
    await questions(resident.page).first().waitFor();

    const staff = await openPage(suite.browser);
    await signIn(staff.page, suite.server.url, `${livePath()}/moderate`, 'admin', suite.server.adminPassword);
    const staffOnly = new Set<string>();
    for (const path of [`${livePath()}/moderate`, '/admin', `${livePath()}/studio`]) {
      for (const script of await scriptsOf(staff.page, path)) if (!residentScripts.has(script)) staffOnly.add(script);
    }
    // Each staff page brings code of its own (so the check below is not empty), and none of it reached the resident.
    const names = [...staffOnly].map((path) => path.replace(/^\/assets\//, ''));
    for (const page of ['Moderate', 'Admin', 'Studio']) expect(names.some((name) => name.startsWith(`${page}-`))).toBe(true);
    expect([...residentScripts].filter((path) => /\/(Moderate|Admin|Studio|Stage|Caption|media-room)-/.test(path))).toEqual([]);
    expect(resident.errors).toEqual([]);
    await Promise.all([resident.context.close(), staff.context.close()]);
  });

  it('downloads no validator: its limits come from shared/schemas/values.ts, not from a zod schema module', async () => {
    const resident = await openPage(suite.browser, { width: 360, height: 740 });
    const scripts = await scriptsOf(resident.page, livePath());
    await questions(resident.page).first().waitFor();
    // The ask form's contact channels once came from shared/schemas/notify.ts: 22 KB of zod on a phone.
    const withZod: string[] = [];
    for (const path of scripts) if ((await (await fetch(suite.server.url + path)).text()).includes('ZodError')) withZod.push(path);
    expect(withZod).toEqual([]);
    await resident.context.close();
  });

  it('shows the session in the first HTML, before any script runs', async () => {
    const { page, context } = await openPage(suite.browser, { width: 360, height: 740 });
    await context.route('**/assets/*.js', (route) => route.abort());
    await page.goto(suite.server.url + livePath());
    const shell = page.locator('#boot');
    await expect.poll(() => shell.innerText()).toContain('Trật tự đô thị và vỉa hè');
    expect(await shell.innerText()).toContain('UBND phường Hòa Bình');
    expect(await shell.innerText()).toContain('Đang tải');
    await context.close();
  });

  it('at 360 px shows the first question in the first screen, with a compact top bar', async () => {
    const { page, context, errors } = await openPage(suite.browser, { width: 360, height: 740 });
    await page.goto(suite.server.url + livePath());
    await questions(page).first().waitFor();
    const bar = (await page.locator('header.topbar').boundingBox())!;
    expect(bar.height).toBeLessThanOrEqual(120);
    const first = (await questions(page).first().boundingBox())!;
    // Its top and its vote button are on the screen without scrolling.
    expect(first.y + 60).toBeLessThanOrEqual(740);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('at 360 px shows the first question in the first screen while the session is live, video or not', async () => {
    const admin = await staffMember(suite.server.url, 'admin', suite.server.adminPassword);
    expectOk(await admin.send('session:transition', { sessionId: suite.server.demoSessionId, to: 'live' }));
    admin.close();
    const { page, context } = await openPage(suite.browser, { width: 360, height: 740 });
    await page.goto(suite.server.url + livePath());
    await page.getByText('Chưa có hình ảnh/âm thanh trực tiếp').waitFor();
    await page.getByRole('region', { name: 'Phụ đề' }).waitFor();
    await questions(page).first().waitFor();
    expect((await questions(page).first().boundingBox())!.y + 60).toBeLessThanOrEqual(740);
    await context.close();
  });

  it('has a skip link first, and the ask button takes the keyboard to the form', async () => {
    const { page, context } = await openPage(suite.browser, { width: 360, height: 740 });
    await page.goto(suite.server.url + livePath());
    await questions(page).first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Bỏ qua đến nội dung chính' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(new URL(page.url()).pathname).toBe(livePath());

    await page.getByRole('button', { name: 'Đặt câu hỏi', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ask-text');
    await context.close();
  });

  it('after sending a question, puts focus on the confirmation, not on the page body', async () => {
    const { page, context } = await openPage(suite.browser, { width: 360, height: 740 });
    await page.goto(suite.server.url + livePath());
    await questions(page).first().waitFor();
    await page.getByLabel('Câu hỏi của bạn').fill('Xin hỏi khi nào phường lắp thêm đèn chiếu sáng ở hẻm 42 đường Lê Lợi?');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    const focused = () => page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent ?? '' }));
    await expect.poll(async () => (await focused()).text).toContain('Đã gửi. Câu hỏi đang chờ duyệt.');
    expect((await focused()).tag).not.toBe('BODY');
    await context.close();
  });
});
