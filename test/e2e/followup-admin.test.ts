import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CalendarDay } from '../../shared/rules/working-days.ts';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import type { Allowances } from '../../shared/schemas/followup.ts';
import type { PublicQuestion } from '../../shared/schemas/question.ts';
import { openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { resident } from '../support/clients.ts';
import { expectOk } from '../support/factory.ts';

const ECONOMY = 'Phòng Kinh tế, Hạ tầng và Đô thị';
const CULTURE = 'Phòng Văn hóa - Xã hội';
const HANDOVER_REASON = 'Việc trồng cây xanh thuộc lĩnh vực môi trường đô thị do phòng Văn hóa - Xã hội phụ trách.';
const THEME = 'Trật tự đô thị và vỉa hè';
const POLL = 'Tháng sau nên bàn chủ đề nào?';
/** The demo session's three approved questions, by a few words of each. */
const PARKING = 'chỗ để xe máy trên vỉa hè';
const STALLS = 'quán ăn lấn chiếm vỉa hè';
const TREES = 'trồng thêm cây xanh';

const suite = browserSuite({ admin: true });
let staff: WatchedPage;
const code: Record<string, PublicQuestion> = {};
const year = Number(hanoiDay(new Date()).slice(0, 4));

/** The first Saturday of June of this year: a day that can be swapped into a working day. */
function juneSaturday(): string {
  const d = new Date(Date.UTC(year, 5, 1));
  while (d.getUTCDay() !== 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const HOLIDAY = `${year}-06-17`;
const SATURDAY = juneSaturday();
/** A calendar day as the admin page shows it: dd/mm/yyyy. */
const shown = (day: string) => day.split('-').reverse().join('/');

async function shootBoth(target: Page | Locator, page: Page, name: string): Promise<void> {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    if ('goto' in target) await screenshot(target, `${name}-${width}`);
    else await target.screenshot({ path: `test-results/screenshots/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Visible text of headings, labels and buttons outside residents' own words, to spot untranslated strings. */
async function chromeTexts(page: Page): Promise<string[]> {
  return page.locator('h1, h2, h3, label, button, th, legend, summary').evaluateAll((nodes) =>
    nodes
      .filter((n) => (n as HTMLElement).offsetParent !== null && !n.closest('.user-text, [lang="vi"]'))
      .map((n) => (n as HTMLElement).innerText.trim())
      .filter(Boolean),
  );
}
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúýãõĩũ]/i;

describe('follow-up settings and the follow-ups page, clicked through by staff', () => {
  beforeAll(async () => {
    const sessionId = suite.server.demoSessionId;
    const snapshot = expectOk(await suite.admin.send('session:join', { sessionId }));
    for (const [key, words] of [['parking', PARKING], ['stalls', STALLS], ['trees', TREES]] as const) {
      code[key] = snapshot.questions.find((q) => q.text.includes(words))!;
    }

    // Two residents vote for the question about stalls (to be merged) and answer a theme poll.
    const residents = await Promise.all([resident(suite.server.url), resident(suite.server.url)]);
    const poll = expectOk(await suite.admin.send('poll:create', { sessionId, question: POLL, options: ['Y tế cơ sở', 'Giáo dục', 'Môi trường'], themePoll: true }));
    expectOk(await suite.admin.send('poll:open', { pollId: poll.id }));
    for (const r of residents) {
      expectOk(await r.send('session:join', { sessionId }));
      expectOk(await r.send('vote:set', { questionId: code.stalls!.id, value: true }));
      expectOk(await r.send('poll:vote', { pollId: poll.id, optionIds: [poll.options[1]!.id] }));
      r.close();
    }
    expectOk(await suite.admin.send('poll:close', { pollId: poll.id }));
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'ended' }));
    staff = await openPage(suite.browser);
  });

  it('adds departments, changes allowances, and edits the calendar from the admin page', async () => {
    const page = staff.page;
    await signIn(page, suite.server.url, '/admin', 'admin', suite.server.adminPassword);
    const section = page.getByRole('region', { name: 'Trả lời sau buổi: phòng ban, thời hạn, lịch làm việc' });
    await section.getByText('Chưa có phòng ban nào', { exact: false }).waitFor();

    const departments = section.getByRole('form', { name: 'Phòng ban' });
    for (const name of [ECONOMY, CULTURE]) {
      await departments.getByLabel('Thêm phòng ban').fill(name);
      await departments.getByRole('button', { name: 'Thêm' }).click();
      await section.getByRole('listitem').filter({ hasText: name }).waitFor();
    }

    const { normal } = (await suite.admin.http.json<Allowances>('GET', '/api/units/1/allowances')).body;
    const allowances = section.getByRole('form', { name: 'Thời hạn trả lời (ngày làm việc)' });
    await allowances.getByLabel('Khẩn').fill('3');
    await allowances.getByLabel('Phức tạp').fill('20');
    await allowances.getByRole('button', { name: 'Lưu' }).click();
    await section.getByText('Đã lưu.').waitFor();
    expect((await suite.admin.http.json<Allowances>('GET', '/api/units/1/allowances')).body).toEqual({ urgent: 3, normal, complex: 20 });

    const calendar = section.getByRole('form', { name: 'Lịch ngày nghỉ và ngày làm bù' });
    await expect.poll(() => section.getByLabel('Năm', { exact: true }).inputValue()).toBe(String(year));
    const days = section.getByRole('list', { name: 'Lịch ngày nghỉ và ngày làm bù' });
    for (const [date, kind, name] of [
      [HOLIDAY, 'holiday', 'Nghỉ bù Đại hội Đảng bộ phường'],
      [SATURDAY, 'working', 'Làm bù cho ngày nghỉ 30/4'],
    ] as const) {
      await calendar.getByLabel('Ngày', { exact: true }).fill(date);
      await calendar.getByLabel('Loại').selectOption(kind);
      await calendar.getByLabel('Tên').fill(name);
      await calendar.getByRole('button', { name: 'Thêm' }).click();
      await days.getByRole('listitem').filter({ hasText: name }).waitFor();
    }
    await expect.poll(() => days.getByRole('listitem').filter({ hasText: shown(SATURDAY) }).innerText()).toContain('Làm bù (thứ Bảy)');
    // Dates read as dd/mm/yyyy, never as the ISO form the API uses.
    expect(await days.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await shootBoth(section, page, 'admin-followup-settings');

    await days.getByRole('button', { name: new RegExp(`^Xóa ngày .*${shown(HOLIDAY)}$`) }).click();
    await days.getByRole('listitem').filter({ hasText: shown(HOLIDAY) }).waitFor({ state: 'detached' });
    const saved = (await suite.admin.http.json<CalendarDay[]>('GET', `/api/calendar/${year}`)).body;
    expect(saved.find((d) => d.date === HOLIDAY)).toBeUndefined();
    expect(saved.find((d) => d.date === SATURDAY)).toMatchObject({ kind: 'working' });
    expect(await section.getByRole('alert').count()).toBe(0);
    await days.getByRole('listitem').filter({ hasText: shown(SATURDAY) }).scrollIntoViewIfNeeded();
    await shootBoth(section.getByRole('region', { name: 'Lịch ngày nghỉ và ngày làm bù' }), page, 'admin-calendar-editor');
    expect(staff.errors).toEqual([]);
  });

  it('offers the closed theme poll as a suggestion for coming months', async () => {
    const suggestions = staff.page.getByRole('region', { name: 'Gợi ý chủ đề từ bình chọn của người dân' });
    await suggestions.getByText(POLL).waitFor();
    await expect.poll(() => suggestions.getByRole('listitem').filter({ hasText: 'Giáo dục' }).innerText()).toContain('2 phiếu · 100%');
    await suggestions.getByText('2 người đã tham gia').waitFor();
  });

  it('closes, merges and assigns questions after the session, and hands one over with a public reason', async () => {
    const page = staff.page;
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}/followups`);
    const needs = page.getByRole('region', { name: /^Chưa xử lý/ });
    const item = (q: PublicQuestion) => needs.getByRole('article', { name: q.trackingCode });

    // Closed with a reason.
    const parking = item(code.parking!);
    await parking.getByRole('button', { name: 'Đóng', exact: true }).click();
    await parking.getByLabel('Lý do đóng').selectOption('already_answered');
    await parking.getByLabel('Ghi chú (không bắt buộc)').fill('Đã trả lời tại buổi tháng trước.');
    await parking.getByRole('button', { name: 'Đóng câu hỏi' }).click();
    await parking.waitFor({ state: 'detached' });

    // Merged: the stalls question's two votes move to the trees question.
    const trees = item(code.trees!);
    const before = Number((await trees.getByText(/^▲ \d+$/).innerText()).slice(2));
    const stalls = item(code.stalls!);
    await stalls.getByRole('button', { name: 'Gộp vào câu khác' }).click();
    await stalls.getByLabel('Gộp vào câu hỏi').selectOption(String(code.trees!.id));
    await stalls.getByRole('button', { name: 'Gộp', exact: true }).click();
    await stalls.waitFor({ state: 'detached' });
    await trees.getByText(`▲ ${before + 2}`).waitFor();

    // Assigned, then handed over: refused without a reason, accepted with one.
    await trees.getByRole('button', { name: 'Giao phòng ban' }).click();
    await trees.getByLabel('Phòng ban').selectOption({ label: ECONOMY });
    await trees.getByRole('button', { name: 'Giao xử lý' }).click();
    await trees.waitFor({ state: 'detached' });
    const assigned = page.getByRole('region', { name: /^Đang chờ trả lời/ }).getByRole('article', { name: code.trees!.trackingCode });
    await assigned.getByText(ECONOMY).waitFor();
    await assigned.getByRole('button', { name: 'Chuyển phòng ban' }).click();
    await assigned.getByLabel('Phòng ban mới').selectOption({ label: CULTURE });
    await assigned.getByRole('button', { name: 'Chuyển xử lý' }).click();
    await assigned.getByRole('alert').getByText('Cần ghi lý do chuyển', { exact: false }).waitFor();
    expect(await assigned.getByLabel(/Lý do chuyển/).getAttribute('aria-invalid')).toBe('true');
    await assigned.getByLabel(/Lý do chuyển/).fill(HANDOVER_REASON);
    await assigned.getByRole('button', { name: 'Chuyển xử lý' }).click();
    await assigned.getByText(CULTURE).waitFor();
    expect(await assigned.getByRole('alert').count()).toBe(0);
    // The merged question follows the kept one: it is not offered for an answer of its own.
    await page.getByRole('heading', { name: 'Đang chờ trả lời bằng văn bản (1)' }).waitFor();
    expect(await page.getByRole('article', { name: code.stalls!.trackingCode }).count()).toBe(0);
    await shootBoth(page, page, 'followups-after-fates');
    expect(staff.errors).toEqual([]);
  });

  it('shows the hand-over and its reason on the public tracking page', async () => {
    const visitor = await openPage(suite.browser, { width: 390 });
    const page = visitor.page;
    await page.goto(`${suite.server.url}/q/${code.trees!.trackingCode}`);
    const history = page.getByRole('region', { name: 'Quá trình xử lý' });
    const handover = history.getByRole('listitem').filter({ hasText: 'Chuyển phòng ban' });
    await handover.getByText(`từ ${ECONOMY} sang ${CULTURE}`).waitFor();
    await handover.getByText(`Lý do: ${HANDOVER_REASON}`).waitFor();
    await history.getByText('Giao xử lý').waitFor();
    await page.getByRole('region', { name: 'Kết quả xử lý' }).getByText(CULTURE).waitFor();

    // The closed and the merged questions tell their fate too.
    await page.goto(`${suite.server.url}/q/${code.parking!.trackingCode}`);
    await page.getByRole('region', { name: 'Quá trình xử lý' }).getByText('Lý do: Đã được trả lời trước đó: Đã trả lời tại buổi tháng trước.').waitFor();
    await page.goto(`${suite.server.url}/q/${code.stalls!.trackingCode}`);
    await page.getByRole('region', { name: 'Kết quả xử lý' }).getByText(code.trees!.trackingCode).waitFor();
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('reads in English: follow-ups, tracking and scoreboard', async () => {
    const page = staff.page;
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}/followups`);
    await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /^Not yet handled/ }).waitFor();
    await page.getByRole('heading', { name: /^Awaiting a written answer/ }).waitFor();
    // Residents' and staff's own words (the session's theme, departments) stay as written.
    const allowed = [ECONOMY, CULTURE, THEME, 'Tiếng Việt'];
    const leftovers = (texts: string[]) => texts.filter((s) => VIETNAMESE.test(s) && !allowed.some((a) => s.includes(a)));
    expect(leftovers(await chromeTexts(page))).toEqual([]);
    await screenshot(page, 'en-followups-1280');

    await page.goto(`${suite.server.url}/q/${code.trees!.trackingCode}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByRole('region', { name: 'History' }).getByText(`from ${ECONOMY} to ${CULTURE}`).waitFor();
    expect(leftovers(await chromeTexts(page))).toEqual([]);
    await screenshot(page, 'en-tracking-1280');

    await page.goto(`${suite.server.url}/scoreboard`);
    await page.getByRole('heading', { name: 'Public scoreboard' }).waitFor();
    await page.locator('canvas[aria-label]').first().waitFor();
    expect(leftovers(await chromeTexts(page))).toEqual([]);
    await screenshot(page, 'en-scoreboard-1280');
    expect(staff.errors).toEqual([]);
  });
});
