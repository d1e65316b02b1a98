import { afterAll, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/schemas/session.ts';
import { screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { createStaffAccount, expectOk, goLive } from '../support/factory.ts';

const suite = browserSuite({ admin: true });

async function shootBoth(watched: WatchedPage, name: string): Promise<void> {
  for (const width of [360, 1280]) {
    await watched.page.setViewportSize({ width, height: 900 });
    await screenshot(watched.page, `${name}-${width}`);
  }
}

/** Dialogues with residents (Art. 43) as the administrator, the secretary, the chair and residents click through them. */
describe('dialogues with residents, in the browser', () => {
  afterAll(async () => {
    for (const p of suite.opened) await p.context.close().catch(() => {});
  });

  it('creates a draft with its table of roles, keeps it from residents, then publishes its notice after a short-notice warning', async () => {
    const { page, errors } = await suite.open();
    await signIn(page, suite.server.url, '/admin', 'admin', suite.server.adminPassword);
    const form = page.locator('.create');
    await form.getByLabel('Tiêu đề').fill('Đối thoại với Nhân dân quý I');
    await form.getByLabel('Chủ đề').fill('Chợ dân sinh và lòng đường');
    const start = new Date(Date.now() + 3 * 86_400_000);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(start);
    await form.getByLabel('Ngày bắt đầu').fill(day);
    await form.getByRole('button', { name: 'Thêm người' }).click();
    await form.getByLabel('Họ tên').fill('Nguyễn Văn An');
    await form.getByLabel('Chức vụ').fill('Chủ tịch UBND phường');
    await form.getByRole('button', { name: 'Thêm người' }).click();
    await form.getByLabel('Họ tên').nth(1).fill('Đỗ Minh Đức');
    await form.getByLabel('Vai trò').nth(1).selectOption('front');
    await form.getByLabel('Công bố thông báo ngay khi tạo').uncheck();
    await form.getByRole('button', { name: 'Tạo buổi tọa đàm' }).click();
    const item = page.locator('.admin-list > li', { hasText: 'Chợ dân sinh và lòng đường' });
    await expect.poll(() => item.getByText('Bản nháp: chưa công bố thông báo').isVisible()).toBe(true);
    const sessions = (await suite.admin.http.json<{ upcoming: Session[] }>('GET', '/api/sessions')).body.upcoming;
    const draft = sessions.find((s) => s.theme === 'Chợ dân sinh và lòng đường')!;
    expect(draft.officials).toEqual([
      { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND phường', role: 'chair' },
      { name: 'Đỗ Minh Đức', title: '', role: 'front' },
    ]);

    const visitor = await suite.open(360, 900);
    await visitor.page.goto(`${suite.server.url}/s/${draft.id}`);
    await expect.poll(() => visitor.page.getByText('Không tìm thấy buổi tọa đàm').isVisible()).toBe(true);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('chưa đầy 7 ngày');
      void dialog.accept();
    });
    await item.getByRole('button', { name: 'Công bố thông báo' }).click();
    await expect.poll(() => page.getByText('chưa đủ 7 ngày trước buổi đối thoại').isVisible()).toBe(true);
    await expect.poll(() => item.getByText('Thông báo chưa đủ 7 ngày').isVisible()).toBe(true);

    await visitor.page.goto(`${suite.server.url}/s/${draft.id}`);
    await visitor.page.getByText(/^Khách mời/).click();
    await expect.poll(() => visitor.page.locator('.officials dt').allInnerTexts()).toEqual(['Chủ trì', 'Ủy ban MTTQ Việt Nam']);
    await expect.poll(() => visitor.page.getByText(/^Thông báo ngày \d{2}\/\d{2}\/\d{4}$/).isVisible()).toBe(true);
    await shootBoth(visitor, 'dialogue-session');
    expect(errors).toEqual([]);
  });

  it('lets residents ask for a dialogue and back it, counted against 10% of the voters the administrator set', async () => {
    expect((await suite.admin.http.json('PUT', '/api/admin/voter-count', { voterCount: 20 })).status).toBe(200);
    const first = await suite.open(360, 900);
    await first.page.goto(suite.server.url + '/');
    await first.page.getByLabel('Chủ đề muốn đối thoại').fill('Đối thoại về bãi đỗ xe trong khu dân cư');
    await first.page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await expect.poll(() => first.page.getByText('1 / 2 người ủng hộ (10% của 20 cử tri)').isVisible()).toBe(true);
    await expect.poll(() => first.page.getByRole('button', { name: 'Bạn đã ủng hộ' }).isDisabled()).toBe(true);

    const second = await suite.open(1280);
    await second.page.goto(suite.server.url + '/');
    await second.page.getByRole('button', { name: 'Ủng hộ', exact: true }).click();
    await expect.poll(() => second.page.getByText('2 / 2 người ủng hộ (10% của 20 cử tri)').isVisible()).toBe(true);
    await expect.poll(() => second.page.getByText('Đã đạt 10% cử tri').isVisible()).toBe(true);
    await shootBoth(second, 'dialogue-requests');
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('takes the results report from the secretary\'s draft through both sign-offs to a public, printable page', async () => {
    const sessionId = suite.server.demoSessionId;
    await goLive(suite.admin, sessionId);
    const poll = expectOk(await suite.admin.send('poll:create', { sessionId, question: 'Buổi đối thoại có hữu ích không?', options: ['Có', 'Không'] }));
    expectOk(await suite.admin.send('poll:open', { pollId: poll.id }));
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'ended' }));
    const mod = await createStaffAccount(suite.admin, 'moderator');
    const chairAccount = await createStaffAccount(suite.admin, 'chair');

    const secretary = await suite.open();
    await signIn(secretary.page, suite.server.url, `/s/${sessionId}/report`, mod.username, mod.password);
    await secretary.page.locator('#results-summary').fill('Người dân nêu 3 vấn đề về vỉa hè; UBND phường cam kết xử lý trong tháng.');
    await secretary.page.locator('#results-groups').fill('Tổ dân phố số 1\nTổ dân phố số 2');
    await secretary.page.getByRole('button', { name: 'Lưu bản dự thảo' }).click();
    await secretary.page.getByRole('button', { name: 'Ký xác nhận (thư ký)' }).click();
    await expect.poll(() => secretary.page.getByText(/^Thư ký: Test moderator, \d{2}\/\d{2}\/\d{4}$/).isVisible()).toBe(true);

    const chair = await suite.open();
    await signIn(chair.page, suite.server.url, `/s/${sessionId}/report`, chairAccount.username, chairAccount.password);
    await expect.poll(() => chair.page.getByRole('button', { name: 'Công bố kết quả' }).isDisabled()).toBe(true);
    await chair.page.getByRole('button', { name: 'Ký xác nhận (chủ trì)' }).click();
    await chair.page.getByRole('button', { name: 'Công bố kết quả' }).click();
    await expect.poll(() => chair.page.getByText(/^Công bố ngày/).isVisible()).toBe(true);

    const visitor = await suite.open(360, 900);
    await visitor.page.goto(`${suite.server.url}/s/${sessionId}/report`);
    await expect.poll(() => visitor.page.getByText('Người dân nêu 3 vấn đề về vỉa hè').isVisible()).toBe(true);
    expect(await visitor.page.locator('.results .groups li').allInnerTexts()).toEqual(['Tổ dân phố số 1', 'Tổ dân phố số 2']);
    expect(await visitor.page.getByRole('button', { name: 'In để niêm yết' }).isVisible()).toBe(true);
    // The report carries the poll results beside each question's fate and the commitments.
    await visitor.page.getByRole('heading', { name: 'Kết quả bình chọn (1)' }).waitFor();
    expect(await visitor.page.getByText('Buổi đối thoại có hữu ích không?').isVisible()).toBe(true);
    await shootBoth(visitor, 'dialogue-results');
    await visitor.page.emulateMedia({ media: 'print' });
    await visitor.page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(visitor.page, 'dialogue-results-print');
    expect(await visitor.page.getByRole('button', { name: 'In để niêm yết' }).isVisible()).toBe(false);
    // The scoreboard counts it as published within its 10 days.
    await visitor.page.goto(`${suite.server.url}/scoreboard?unit=1`);
    await visitor.page.getByText('kết quả đối thoại công bố trong 10 ngày').waitFor();
    expect(await visitor.page.locator('.figures li', { hasText: 'kết quả đối thoại' }).locator('.n').innerText()).toBe('1/1');
    expect([...secretary.errors, ...chair.errors, ...visitor.errors]).toEqual([]);
  });
});
