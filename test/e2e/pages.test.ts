import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { clientKey, resident, staffMember } from '../support/clients.ts';

const WIDTHS = [360, 1280] as const;

const suite = browserSuite();

describe('pages', () => {
  beforeAll(async () => {
    // Something in every column: a question waiting for review, and one on stage while live.
    const asker = await resident(suite.server.url);
    const staff = await staffMember(suite.server.url, 'admin', suite.server.adminPassword);
    await asker.send('question:ask', {
      sessionId: suite.server.demoSessionId,
      text: 'Đề nghị phường bố trí thêm thùng rác công cộng dọc tuyến phố đi bộ vào cuối tuần.',
      name: 'Phạm Minh Tuấn',
      topic: 'Tổ dân phố 3',
      clientKey: clientKey(),
    });
    await staff.send('session:transition', { sessionId: suite.server.demoSessionId, to: 'live' });
    const joined = await staff.send('session:join', { sessionId: suite.server.demoSessionId });
    if (!joined.ok) throw new Error('staff could not join the demo session');
    const first = joined.data.questions.find((q) => q.status === 'approved')!;
    await staff.send('question:moderate', { questionId: first.id, action: 'stage' });
    asker.close();
    staff.close();
  });

  it('speaks Vietnamese by default and switches to English, remembering the choice', async () => {
    const { page } = await suite.open(1280);
    await page.goto(suite.server.url + '/');
    await page.getByRole('heading', { name: 'Lịch tọa đàm' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await page.getByRole('link', { name: 'Đặt câu hỏi' }).waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Town hall programme' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await page.getByRole('heading', { name: 'Town hall programme' }).waitFor();
    await page.getByRole('link', { name: 'Watch and ask' }).click();
    await page.getByRole('heading', { name: 'Ask a question' }).waitFor();
    await page.getByRole('tab', { name: 'Top' }).waitFor();
    await page.getByText('Being answered').first().waitFor();

    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Đặt câu hỏi' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
  });

  it('shows a designed state for a session that does not exist', async () => {
    const { page } = await suite.open(360);
    await page.goto(`${suite.server.url}/s/999999`);
    await page.getByRole('heading', { name: 'Không tìm thấy buổi tọa đàm' }).waitFor();
  });

  for (const width of WIDTHS) {
    it(`renders every page at ${width} px`, async () => {
      const visitor = await suite.open(width);
      const admin = await suite.open(width);
      const id = suite.server.demoSessionId;
      const shots: Array<[string, WatchedPage, string, string]> = [
        ['programme', visitor, '/', 'Lịch tọa đàm'],
        ['live', visitor, `/s/${id}`, 'Câu hỏi của người dân'],
        ['login', visitor, '/login', 'Đăng nhập cán bộ'],
      ];
      for (const [name, { page }, path, heading] of shots) {
        await page.goto(suite.server.url + path);
        await page.getByRole('heading', { name: heading }).waitFor();
        await screenshot(page, `${name}-${width}`);
      }

      await signIn(admin.page, suite.server.url, `/s/${id}/moderate`, 'admin', suite.server.adminPassword);
      await admin.page.getByRole('heading', { name: 'Chờ duyệt (1)' }).waitFor();
      await admin.page.getByRole('region', { name: 'Nhật ký kiểm duyệt' }).getByText(/đã đưa câu #\d+ lên sân khấu\.$/).waitFor();
      await screenshot(admin.page, `moderate-${width}`);

      await admin.page.goto(`${suite.server.url}/s/${id}/stage`);
      await admin.page.getByRole('region', { name: 'Màn hình sân khấu' }).getByRole('blockquote').waitFor();
      await screenshot(admin.page, `stage-${width}`);

      await admin.page.goto(`${suite.server.url}/admin`);
      await admin.page.getByRole('heading', { name: 'Tài khoản cán bộ' }).waitFor();
      await admin.page.getByText('@admin').waitFor();
      await screenshot(admin.page, `admin-${width}`);

      // Nothing may be wider than a phone screen.
      for (const { page } of [visitor, admin]) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
    });
  }

  it('shows "reconnecting" while the server is away and recovers without duplicate rows', async () => {
    const { page } = await suite.open(360);
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}`);
    const items = page.getByRole('tabpanel').getByRole('article');
    await items.first().waitFor();
    const before = await items.count();

    // The page's socket reconnects at once when the server is back, so the server stays away long enough to be seen.
    const restarting = suite.server.restart({ downMs: 2000 });
    await page.getByText('Đang kết nối lại…').waitFor();
    await screenshot(page, 'live-reconnecting-360');
    await restarting;
    await page.getByText('Đang kết nối lại…').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await items.count()).toBe(before);
  });

  it('logs no console errors or CSP violations', () => {
    const errors = suite.opened.flatMap((watched) => watched.errors).filter((text) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(text));
    expect(errors).toEqual([]);
  });
});
