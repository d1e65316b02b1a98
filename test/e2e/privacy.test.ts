import { beforeAll, describe, expect, it } from 'vitest';
import type { PublicQuestion } from '../../shared/schemas/question.ts';
import { SCREENSHOT_DIR, screenshot, signIn } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { expectOk } from '../support/factory.ts';

const HIDDEN_NAME = 'Vũ Thị Riêng';
const SHOWN_NAME = 'Hoàng Văn Công';
const HIDDEN_Q = 'Đề nghị phường kiểm tra tiếng ồn quán karaoke ngõ 5 sau 22 giờ.';
const SHOWN_Q = 'Xin hỏi bao giờ phường lắp thêm đèn đường ở ngõ 9 phố Đào?';

const suite = browserSuite({ admin: true });

describe('personal data in the browser', () => {
  beforeAll(async () => {
    const saved = await suite.admin.http.json('PUT', '/api/admin/unit/contact', {
      contactAddress: 'Số 1 phố Tràng Tiền, Hoàn Kiếm, Hà Nội',
      contactPhone: '024 3825 0000',
      contactEmail: 'dulieu@phuong.example.vn',
    });
    expect(saved.status).toBe(200);
  });

  it('asks with an unticked "publish my name" beside the name, says where a name appears, and publishes only when ticked', async () => {
    const { page, errors } = await suite.open(360);
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}`);
    const publish = page.getByLabel('Công khai tên tôi');
    await publish.waitFor();
    expect(await publish.isChecked()).toBe(false);
    expect(await page.locator('#ask-publish-name-hint').innerText()).toMatch(/danh sách công khai, biên bản, tệp CSV và kết quả tìm kiếm/);
    expect(await page.getByRole('link', { name: 'Cách chúng tôi xử lý dữ liệu cá nhân' }).getAttribute('href')).toBe('/privacy');

    await page.getByLabel('Câu hỏi của bạn').fill(HIDDEN_Q);
    await page.getByLabel('Họ tên (không bắt buộc)').fill(HIDDEN_NAME);
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    await page.getByRole('button', { name: 'Đặt câu hỏi khác' }).click();
    await page.getByLabel('Câu hỏi của bạn').fill(SHOWN_Q);
    await page.getByLabel('Họ tên (không bắt buộc)').fill(SHOWN_NAME);
    await page.getByLabel('Công khai tên tôi').check();
    await page.locator('section.ask').screenshot({ path: `${SCREENSHOT_DIR}/ask-form-360.png` });
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();

    const staffView = expectOk(await suite.admin.send('session:join', { sessionId: suite.server.demoSessionId }));
    for (const q of staffView.questions.filter((x) => x.text === HIDDEN_Q || x.text === SHOWN_Q)) {
      expectOk(await suite.admin.send('question:moderate', { questionId: q.id, action: 'approve' }));
    }
    const list = page.getByRole('tabpanel').getByRole('article');
    await list.filter({ hasText: SHOWN_Q }).getByText(SHOWN_NAME).waitFor();
    expect(await list.filter({ hasText: HIDDEN_Q }).innerText()).not.toContain(HIDDEN_NAME);
    const api = (await suite.admin.http.json<PublicQuestion[]>('GET', `/api/sessions/${suite.server.demoSessionId}/questions`)).body;
    expect(api.find((q) => q.text === HIDDEN_Q)?.authorName).toBeNull();
    expect(errors).toEqual([]);
  });

  it('links the privacy notice from every page\'s footer', async () => {
    const { page, errors } = await suite.open();
    for (const path of ['/', `/s/${suite.server.demoSessionId}`, `/s/${suite.server.demoSessionId}/archive`, `/s/${suite.server.demoSessionId}/minutes`, '/scoreboard', '/search?q=den', '/login', '/me/data', '/privacy', '/no-such-page']) {
      await page.goto(suite.server.url + path);
      const footer = page.getByRole('contentinfo');
      await footer.getByRole('link', { name: 'Thông báo về dữ liệu cá nhân' }).waitFor();
      expect(await footer.getByRole('link', { name: 'Dữ liệu của tôi' }).getAttribute('href'), path).toBe('/me/data');
    }
    await page.goto(`${suite.server.url}/embed/programme/1`);
    expect(await page.getByRole('contentinfo').getByRole('link', { name: 'Thông báo về dữ liệu cá nhân' }).getAttribute('target')).toBe('_blank');
    expect(errors).toEqual([]);
  });

  it('shows the privacy notice in Vietnamese and English: what, why, how long, who controls it with its contact, the rights', async () => {
    for (const width of [360, 1280]) {
      const { page, errors } = await suite.open(width);
      await page.goto(`${suite.server.url}/privacy`);
      await page.getByRole('heading', { name: 'Thông báo về xử lý dữ liệu cá nhân' }).waitFor();
      for (const heading of ['Chúng tôi thu thập gì', 'Để làm gì', 'Lưu trong bao lâu', 'Ai chịu trách nhiệm', 'Quyền của bạn']) {
        await page.getByRole('heading', { name: heading }).waitFor();
      }
      const text = await page.locator('main').innerText();
      expect(text).toContain('Địa chỉ IP');
      expect(text).toContain('12 tháng sau khi buổi tọa đàm kết thúc');
      expect(text).toContain('Điện thoại: 024 3825 0000');
      expect(text).toContain('Thư điện tử: dulieu@phuong.example.vn');
      expect(text).toContain('2 ngày làm việc');
      await screenshot(page, `privacy-${width}`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'How your personal data is handled' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('Resident ids are detached from questions and votes 12 months after the session ends');
      await screenshot(page, `privacy-en-${width}`);
      expect(errors).toEqual([]);
    }
  });

  it('shows a resident everything held from "Của tôi", offers it as JSON, and erases it', async () => {
    const watched = await suite.open(360);
    const { page, errors } = watched;
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}`);
    await page.getByLabel('Câu hỏi của bạn').fill('Tôi muốn biết lịch cắt điện khu tập thể C2 tuần tới.');
    await page.getByLabel('Họ tên (không bắt buộc)').fill('Đinh Văn Xóa');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    await page.getByRole('tab', { name: /Của tôi/ }).click();
    await page.getByRole('link', { name: 'Xem, tải về hoặc xóa dữ liệu của tôi' }).click();
    await page.waitForURL((url) => url.pathname === '/me/data');
    await page.getByRole('heading', { name: 'Câu hỏi (1)', exact: true }).waitFor();
    await page.getByText('Tên: Đinh Văn Xóa (không công khai)').waitFor();
    expect(await page.getByRole('link', { name: 'Tải về (JSON)' }).getAttribute('href')).toBe('/api/me/data?download=1');
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      await screenshot(page, `my-data-${width}`);
    }

    const erase = page.getByRole('button', { name: 'Xóa dữ liệu của tôi' });
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Tôi hiểu và muốn xóa').check();
    await erase.click();
    await page.getByRole('status').filter({ hasText: 'Đã xóa: 1 câu hỏi bị xóa' }).waitFor();
    await page.getByRole('heading', { name: 'Câu hỏi (0)', exact: true }).waitFor();
    const after = await watched.context.request.get(`${suite.server.url}/api/me/data`);
    expect(((await after.json()) as { questions: unknown[] }).questions).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lets a moderator record a request received by letter and shows it overdue two working days later', async () => {
    const { page, errors } = await suite.open();
    await signIn(page, suite.server.url, '/staff/privacy', 'admin', suite.server.adminPassword);
    await page.getByRole('heading', { name: 'Yêu cầu về dữ liệu cá nhân' }).waitFor();
    await page.getByLabel('Loại yêu cầu').selectOption({ label: 'Xóa' });
    await page.getByLabel('Kênh nhận').selectOption({ label: 'Thư' });
    await page.getByLabel('Ngày nhận').fill('2026-10-16');
    await page.getByLabel('Người yêu cầu và cách liên hệ').fill('Bà Lý Thị Thư, số 3 ngõ 4');
    await page.getByRole('button', { name: 'Ghi nhận yêu cầu' }).click();
    const item = page.getByRole('listitem').filter({ hasText: 'Bà Lý Thị Thư' });
    await item.getByText('Quá hạn').waitFor();
    expect(await item.innerText()).toMatch(/Hạn: .*20\/10\/2026/);
    await screenshot(page, 'staff-privacy-1280');
    expect(errors).toEqual([]);
  });
});
