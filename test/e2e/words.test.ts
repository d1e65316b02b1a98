import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaffQuestion } from '../../shared/schemas/question.ts';
import { screenshot, signIn } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { resident } from '../support/clients.ts';
import { approve, ask, createSession, createStaffAccount, expectOk } from '../support/factory.ts';

/** What residents and staff read on the pages through one session: each sentence true for the state it is in. */
describe('words and small states', () => {
  const suite = browserSuite({ admin: true });
  let sessionId: number;

  const moderate = (questionId: number, action: 'stage' | 'answer') => suite.admin.send('question:moderate', { questionId, action });
  const noOverflow = (page: Page, width: number) => expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width);

  beforeAll(async () => {
    sessionId = suite.server.demoSessionId;
  });

  it('keeps the ask box saying what became of the question just sent', async () => {
    const { page } = await suite.open(360);
    await page.goto(`${suite.server.url}/s/${sessionId}`);
    await page.getByLabel('Câu hỏi của bạn').fill('Đề nghị phường cho biết khi nào sửa xong cống thoát nước ở ngõ 12 đường Lê Lợi.');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    const box = page.getByRole('region', { name: 'Đặt câu hỏi' }).getByRole('status');
    await box.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();

    const queue = expectOk(await suite.admin.send('session:join', { sessionId }));
    const mine = (queue.questions as StaffQuestion[]).find((q) => q.text.includes('cống thoát nước ở ngõ 12'))!;
    await approve(suite.admin, mine.id);
    await box.getByText('Đã gửi. Câu hỏi đã được đăng.').waitFor();

    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await moderate(mine.id, 'stage'));
    await box.getByText('Câu hỏi của bạn đang được trả lời trên sân khấu.').waitFor();
    expectOk(await moderate(mine.id, 'answer'));
    await box.getByText('Câu hỏi của bạn đã được trả lời.').waitFor();
    expect(await box.innerText()).not.toContain('chờ duyệt');

    await box.getByRole('button', { name: 'Đặt câu hỏi khác' }).click();
    await page.getByLabel('Câu hỏi của bạn').fill('Xin hỏi số điện thoại riêng của ông tổ trưởng tổ dân phố 7 là bao nhiêu?');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await box.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    const again = expectOk(await suite.admin.send('session:join', { sessionId }));
    const second = (again.questions as StaffQuestion[]).find((q) => q.text.includes('tổ trưởng tổ dân phố 7'))!;
    expectOk(await suite.admin.send('question:moderate', { questionId: second.id, action: 'reject', reason: 'personal_data' }));
    await box.getByText('Câu hỏi của bạn không được duyệt; xem lý do ở thẻ "Của tôi".').waitFor();

    // The scoreboard counts the session being held, the one whose answer it already counts.
    await page.getByRole('link', { name: 'Kết quả trả lời' }).click();
    const figures = page.getByRole('list', { name: 'Số liệu chính' });
    const figure = (n: number) => figures.getByRole('listitem').nth(n).innerText().then((text) => text.replace(/\s+/g, ' '));
    await expect.poll(() => figure(2)).toBe('1 trả lời tại buổi');
    expect(await figure(0)).toBe('1 buổi tọa đàm');
  });

  it('says what the console did in whole sentences, and logs each step, session changes included, as it happens', async () => {
    const asker = await resident(suite.server.url);
    const question = await ask(asker, sessionId, 'Xin hỏi phường có kế hoạch lát lại gạch vỉa hè trước chợ Bến Thành cũ không?');
    asker.close();

    const { page } = await suite.open(1280);
    await signIn(page, suite.server.url, `/s/${sessionId}/moderate`, 'admin', suite.server.adminPassword);
    const card = page.getByRole('article').filter({ hasText: 'lát lại gạch vỉa hè trước chợ' });
    await card.getByRole('button', { name: /Duyệt$/ }).click();
    const undo = page.getByRole('group', { name: 'Hoàn tác thao tác vừa làm' });
    await undo.getByText(`Đã duyệt câu #${question.id}.`, { exact: true }).waitFor();

    await card.getByRole('button', { name: /Đưa lên sân khấu$/ }).click();
    await undo.getByText(`Đã đưa câu #${question.id} lên sân khấu.`, { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Sân khấu (1)' }).getByRole('button', { name: 'Đã trả lời', exact: true }).click();
    await undo.getByText(`Đã đánh dấu câu #${question.id} là đã trả lời.`, { exact: true }).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/Đã Đã/i);

    const log = page.getByRole('region', { name: 'Nhật ký kiểm duyệt' });
    await log.getByText(`admin đã duyệt câu #${question.id}.`, { exact: true }).waitFor();
    await log.getByText(`admin đã đánh dấu câu #${question.id} là đã trả lời.`, { exact: true }).waitFor();
    // Went live from another tab before this console opened: it is in the log from the snapshot.
    await log.getByText('admin đã chuyển buổi sang "Đang phát".', { exact: true }).waitFor();
    expect(await log.innerText()).not.toMatch(/question\.\w+|session\.\w+/);

    // A change made elsewhere while this console is open shows up without a reload.
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'ended' }));
    await log.getByText('admin đã chuyển buổi sang "Đã kết thúc".', { exact: true }).waitFor();
    // Ended: the console points to the follow-up desk instead of suggesting going live.
    await page.getByRole('link', { name: 'Mở bàn trả lời sau buổi' }).waitFor();
    expect(await page.getByText('Chuyển buổi sang "Đang phát" để đưa câu hỏi lên sân khấu.').count()).toBe(0);
    // Nor does it offer to answer live what can no longer be answered live.
    const approvedColumn = page.getByRole('region', { name: /^Đã duyệt, theo số phiếu/ });
    const answerButtons = approvedColumn.getByRole('button', { name: 'Đã trả lời', exact: true });
    expect(await answerButtons.count()).toBeGreaterThan(0);
    for (const button of await answerButtons.all()) expect(await button.isDisabled()).toBe(true);
    await screenshot(page, 'words-moderate-ended-1280');

    await page.getByRole('button', { name: 'English' }).click();
    const englishLog = page.getByRole('region', { name: 'Moderation log' });
    await englishLog.getByText(`admin approved question #${question.id}.`, { exact: true }).waitFor();
    await englishLog.getByText('admin switched the session to "Ended".', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('shows a chair only the shortcuts a chair has', async () => {
    const chair = await createStaffAccount(suite.admin, 'chair');
    const { page } = await suite.open(360);
    await signIn(page, suite.server.url, `/s/${sessionId}/moderate`, chair.username, chair.password);
    const shortcuts = page.getByLabel('Phím tắt');
    await shortcuts.getByText('đưa lên sân khấu').waitFor();
    const keys = await shortcuts.locator('kbd').allInnerTexts();
    expect(keys).toEqual(['J', 'K', 'S', 'Z']);
    await screenshot(page, 'words-moderate-chair-360');
    await noOverflow(page, 360);
  });

  for (const width of [360, 1280] as const) {
    it(`tells an ended session's residents the broadcast is over, not "not ready yet", at ${width} px`, async () => {
      const { page } = await suite.open(width);
      await page.goto(`${suite.server.url}/s/${sessionId}`);
      const video = page.getByRole('region', { name: 'Truyền hình trực tiếp' });
      await video.getByText('Phần phát hình đã kết thúc').waitFor();
      expect(await video.innerText()).not.toContain('chưa sẵn sàng');
      await screenshot(page, `words-live-ended-${width}`);
      await noOverflow(page, width);
    });
  }

  it('says when a scheduled session starts taking questions', async () => {
    const created = await createSession(suite.admin, {
      title: 'Tọa đàm tháng 5',
      theme: 'Cấp nước sạch',
      opensAt: '2027-05-13T08:00:00+07:00',
      startsAt: '2027-05-20T14:00:00+07:00',
      endsAt: '2027-05-20T16:00:00+07:00',
    });
    for (const width of [360, 1280] as const) {
      const { page } = await suite.open(width);
      await page.goto(`${suite.server.url}/s/${created.id}`);
      await page.getByRole('status').getByText('Buổi tọa đàm chưa mở nhận câu hỏi. Nhận câu hỏi từ 08:00, Thứ Năm, 13/05/2027.').waitFor();
      await page.getByText('Bạn gửi được câu hỏi từ 08:00, Thứ Năm, 13/05/2027.').waitFor();
      // Nor does the video's place promise questions in the meantime (on a phone that place is one line, its
      // sentence left out of the layout).
      await page.getByText('Phần phát hình sẽ xuất hiện tại đây khi buổi tọa đàm bắt đầu.').waitFor({ state: width === 360 ? 'attached' : 'visible' });
      expect(await page.locator('main').innerText()).not.toContain('vẫn có thể gửi câu hỏi');
      await screenshot(page, `words-live-scheduled-${width}`);
      await noOverflow(page, width);
    }
  });

  it('shows a live session once as live on the programme, and months without a theme as one sentence', async () => {
    const other = await createSession(suite.admin, {
      title: 'Tọa đàm tháng 1',
      theme: 'An ninh trật tự',
      startsAt: '2027-01-21T14:00:00+07:00',
      endsAt: '2027-01-21T16:00:00+07:00',
    });
    expectOk(await suite.admin.send('session:transition', { sessionId: other.id, to: 'live' }));
    for (const width of [360, 1280] as const) {
      const { page } = await suite.open(width);
      await page.goto(suite.server.url + '/');
      const next = page.getByRole('region', { name: 'An ninh trật tự' });
      await next.getByRole('link', { name: 'Xem và đặt câu hỏi' }).waitFor();
      const text = await next.innerText();
      expect(text.match(/Đang phát|Đang diễn ra/gi)).toHaveLength(1);
      const themes = page.getByRole('region', { name: 'Chủ đề 12 tháng tới' });
      await themes.getByText(/^\d+ tháng khác trong 12 tháng tới chưa có chủ đề\.$/).waitFor();
      expect(await themes.getByText('Chưa có chủ đề', { exact: true }).count()).toBe(0);
      await screenshot(page, `words-programme-${width}`);
      await noOverflow(page, width);
    }
    expectOk(await suite.admin.send('session:transition', { sessionId: other.id, to: 'ended' }));
  });

  it('offers the scoreboard\'s tables with a toggle that looks clickable', async () => {
    for (const width of [360, 1280] as const) {
      const { page } = await suite.open(width);
      await page.goto(suite.server.url + '/scoreboard');
      await page.getByRole('heading', { name: 'Bảng kết quả công khai' }).waitFor();
      const summary = page.getByText('Xem dạng bảng').first();
      const look = await summary.evaluate((el) => {
        const style = getComputedStyle(el.closest('summary')!);
        const link = document.createElement('a');
        link.href = '#';
        document.body.append(link);
        const linkColor = getComputedStyle(link).color;
        link.remove();
        const underline = getComputedStyle(el).textDecorationLine;
        return { color: style.color, underline, marker: getComputedStyle(el.closest('summary')!, '::before').content, linkColor, cursor: style.cursor };
      });
      expect(look).toMatchObject({ color: look.linkColor, underline: 'underline', cursor: 'pointer' });
      expect(look.marker).not.toMatch(/^(none|normal|"")$/);
      await summary.click();
      await page.getByRole('rowheader', { name: 'trả lời tại buổi' }).first().waitFor();
      await screenshot(page, `words-scoreboard-${width}`);
      await noOverflow(page, width);
    }
  });

  it('shows the admin page dates as dd/mm/yyyy, holiday names in English, and a true sentence about departments', async () => {
    for (const width of [360, 1280] as const) {
      const { page } = await suite.open(width);
      await signIn(page, suite.server.url, '/admin', 'admin', suite.server.adminPassword);
      const section = page.getByRole('region', { name: 'Trả lời sau buổi: phòng ban, thời hạn, lịch làm việc' });
      await section.getByText('Chưa có phòng ban nào. Thêm phòng ban đầu tiên bằng ô bên dưới.').waitFor();
      const days = section.getByRole('list', { name: 'Lịch ngày nghỉ và ngày làm bù' });
      await days.getByRole('listitem').first().waitFor();
      const year = await section.getByLabel('Năm', { exact: true }).inputValue();
      await days.getByText(`01/01/${year}`, { exact: false }).waitFor();
      expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      await screenshot(page, `words-admin-${width}`);

      await page.getByRole('button', { name: 'English' }).click();
      const english = page.getByRole('region', { name: 'Written answers: departments, allowances, calendar' });
      await english.getByText('No departments yet. Add the first one below.').waitFor();
      const list = english.getByRole('list', { name: 'Holidays and swapped working days' });
      await list.getByText('New Year’s Day').waitFor();
      await list.getByText('Lunar New Year (Tết)').first().waitFor();
      expect(await list.innerText()).not.toMatch(/Tết Dương lịch|Quốc khánh|Giỗ Tổ/);
      await screenshot(page, `words-admin-en-${width}`);
      await noOverflow(page, width);
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    }
  });

  it('gives every page a title of its own', async () => {
    const { page } = await suite.open(1280);
    await signIn(page, suite.server.url, '/admin', 'admin', suite.server.adminPassword);
    const titles: Array<[string, string]> = [
      ['/', 'Lịch tọa đàm · Tọa đàm'],
      ['/scoreboard', 'Bảng kết quả công khai · Tọa đàm'],
      ['/admin', 'Quản trị · Tọa đàm'],
      ['/staff/followups', 'Theo dõi hạn trả lời · Tọa đàm'],
      ['/search?q=v%E1%BB%89a%20h%C3%A8', 'Tìm kiếm · vỉa hè · Tọa đàm'],
      ['/no-such-page', 'Không tìm thấy trang · Tọa đàm'],
      [`/s/${sessionId}/moderate`, 'Bàn kiểm duyệt · Trật tự đô thị và vỉa hè · Tọa đàm'],
      [`/s/${sessionId}/archive`, 'Xem lại tọa đàm · Trật tự đô thị và vỉa hè · Tọa đàm'],
      [`/s/${sessionId}`, 'Trật tự đô thị và vỉa hè · Tọa đàm'],
    ];
    for (const [path, title] of titles) {
      await page.goto(suite.server.url + path);
      await expect.poll(() => page.title(), { message: path }).toBe(title);
    }
    // Moving between pages inside the app changes it too.
    await page.goto(suite.server.url + '/');
    await page.getByRole('link', { name: 'Kết quả trả lời' }).click();
    await expect.poll(() => page.title()).toBe('Bảng kết quả công khai · Tọa đàm');
    // The sign-in page, in English.
    await page.getByRole('button', { name: 'English' }).click();
    // The choice is remembered once the English messages have arrived, not at the click.
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.goto(suite.server.url + '/login');
    await expect.poll(() => page.title()).toBe('Staff sign-in · Tọa đàm');
  });

  it("names a session's tab from the session its page loaded, without asking for the list of sessions", async () => {
    const { page } = await suite.open(1280);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    for (const [path, title] of [
      [`/s/${sessionId}/archive`, 'Xem lại tọa đàm · Trật tự đô thị và vỉa hè · Tọa đàm'],
      [`/s/${sessionId}/stage`, 'Màn hình sân khấu · Trật tự đô thị và vỉa hè · Tọa đàm'],
    ]) {
      await page.goto(suite.server.url + path);
      await expect.poll(() => page.title(), { message: path }).toBe(title);
    }
    expect(asked).not.toContain('/api/sessions');
  });

  it('logs no console errors or CSP violations', () => {
    expect(suite.opened.flatMap((watched) => watched.errors)).toEqual([]);
  });
});
