import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { clientKey, resident } from '../support/clients.ts';
import { expectOk } from '../support/factory.ts';

describe('captioner console, live captions, moderator undo and admin programme', () => {
  const suite = browserSuite({ admin: true });
  let sessionId: number;

  beforeAll(async () => {
    sessionId = suite.server.demoSessionId;
  });

  it('sends typed lines from the captioner console to the resident page, final lines announced once', async () => {
    const captioner = await suite.open(1280);
    await signIn(captioner.page, suite.server.url, `/s/${sessionId}/caption`, 'admin', suite.server.adminPassword);
    await captioner.page.getByRole('heading', { name: 'Trật tự đô thị và vỉa hè' }).waitFor();
    // Not live yet: a clear state, and the line cannot be sent.
    await captioner.page.getByText('Buổi tọa đàm chưa bắt đầu phát.', { exact: false }).waitFor();
    expect(await captioner.page.getByLabel('Lời nói').isDisabled()).toBe(true);
    await screenshot(captioner.page, 'caption-not-live-1280');

    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'live' }));
    const line = captioner.page.getByLabel('Lời nói');
    await expect.poll(() => line.isEnabled()).toBe(true);

    const viewer = await suite.open(360);
    await viewer.page.goto(`${suite.server.url}/s/${sessionId}`);
    const captions = viewer.page.getByRole('region', { name: 'Phụ đề' });
    // Until someone speaks only its bar shows, not an empty box pushing the questions down on a phone.
    await captions.getByRole('button', { name: 'Tắt phụ đề' }).waitFor();
    expect((await captions.boundingBox())!.height).toBeLessThan(80);

    await captioner.page.getByLabel('Người nói').selectOption({ label: 'Lê Thị Bình — Trưởng phòng Kinh tế, Hạ tầng và Đô thị' });
    await line.fill('Kính chào bà con, phường xin bắt đầu buổi tọa đàm.');
    await line.press('Enter');
    await captioner.page.getByRole('region', { name: 'Các dòng vừa gửi' }).getByText('Kính chào bà con, phường xin bắt đầu').waitFor();
    expect(await line.inputValue()).toBe('');
    await expect.poll(() => line.evaluate((el) => el === document.activeElement)).toBe(true);

    const live = captions.locator('[aria-live="polite"]');
    await live.getByText('Kính chào bà con, phường xin bắt đầu buổi tọa đàm.').waitFor();
    await live.getByText('Lê Thị Bình:').waitFor();

    await captioner.page.getByLabel('Người nói').selectOption({ label: 'Người khác (nhập tên)…' });
    await captioner.page.getByLabel('Tên người nói').fill('Ông Trần Văn Hùng');
    await line.fill('Tôi xin hỏi về chỗ để xe máy trên vỉa hè.');
    await line.press('Enter');
    await live.getByText('Ông Trần Văn Hùng:').waitFor();
    await screenshot(captioner.page, 'caption-1280');
    await screenshot(viewer.page, 'live-captions-360');

    // Three lines sent: two stay on screen.
    await line.fill('Dòng thứ ba.');
    await line.press('Enter');
    await live.getByText('Dòng thứ ba.').waitFor();
    expect(await live.locator('p').count()).toBe(2);

    // CC off is remembered across a reload.
    await captions.getByRole('button', { name: 'Tắt phụ đề' }).click();
    expect(await captions.locator('[aria-live]').count()).toBe(0);
    await viewer.page.reload();
    await viewer.page.getByRole('region', { name: 'Phụ đề' }).getByRole('button', { name: 'Bật phụ đề' }).waitFor();
    expect(await viewer.page.getByRole('button', { name: 'Bật phụ đề' }).getAttribute('aria-pressed')).toBe('false');

    const phone = await suite.open(360);
    await signIn(phone.page, suite.server.url, `/s/${sessionId}/caption`, 'admin', suite.server.adminPassword);
    await phone.page.getByLabel('Lời nói').waitFor();
    await screenshot(phone.page, 'caption-360');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('offers "Hoàn tác" after an action and asks before ending the session', async () => {
    const asker = await resident(suite.server.url);
    expectOk(await asker.send('question:ask', { sessionId, text: 'Đề nghị phường lắp thêm đèn chiếu sáng ở ngõ 45 vì buổi tối rất tối.', clientKey: clientKey() }));
    asker.close();

    const { page } = await suite.open(1280);
    await signIn(page, suite.server.url, `/s/${sessionId}/moderate`, 'admin', suite.server.adminPassword);
    await page.getByRole('heading', { name: 'Chờ duyệt (1)' }).waitFor();
    await page.getByRole('button', { name: /Duyệt$/ }).first().click();
    await page.getByRole('heading', { name: 'Chờ duyệt (0)' }).waitFor();
    const undo = page.getByRole('group', { name: 'Hoàn tác thao tác vừa làm' });
    await undo.getByText(/^Đã duyệt câu #\d+\.$/).waitFor();
    await undo.getByRole('button', { name: /Hoàn tác/ }).click();
    await page.getByRole('heading', { name: 'Chờ duyệt (1)' }).waitFor();
    expect(await undo.count()).toBe(0);

    // Keyboard: A approves the selected question, Z takes it back.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('a');
    await page.getByRole('heading', { name: 'Chờ duyệt (0)' }).waitFor();
    await page.keyboard.press('z');
    await page.getByRole('heading', { name: 'Chờ duyệt (1)' }).waitFor();

    await page.getByRole('button', { name: 'Chuyển sang: Đã kết thúc' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Kết thúc buổi tọa đàm?' });
    await confirm.waitFor();
    await screenshot(page, 'moderate-confirm-end-1280');
    await confirm.getByRole('button', { name: 'Hủy' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    const session = await suite.admin.http.json<{ state: string }>('GET', `/api/sessions/${sessionId}`);
    expect(session.body.state).toBe('live');
  });

  it('edits the monthly rule and themes, generates sessions and imports a transcript with a preview', async () => {
    const { page } = await suite.open(1280);
    await signIn(page, suite.server.url, '/admin', 'admin', suite.server.adminPassword);
    const section = page.getByRole('region', { name: 'Chương trình hằng tháng' });
    await section.getByLabel('Tuần', { exact: true }).selectOption({ label: 'Cuối cùng' });
    await section.getByLabel('Ngày trong tuần').selectOption({ label: 'Thứ Bảy' });
    const themeInputs = section.locator('tbody input');
    await themeInputs.nth(1).fill('Chuyển đổi số và dịch vụ công trực tuyến');
    await section.getByRole('button', { name: 'Lưu chương trình' }).click();
    await section.getByText('Đã lưu.').waitFor();
    const programme = await suite.admin.http.json<{ rule: { nth: number; weekday: number }; themes: Array<{ theme: string }> }>(
      'GET',
      `/api/units/${suite.server.platform.demo!.unitId}/programme`,
    );
    expect(programme.body.rule).toMatchObject({ nth: -1, weekday: 6 });
    expect(programme.body.themes.map((t) => t.theme)).toContain('Chuyển đổi số và dịch vụ công trực tuyến');

    await section.getByLabel('Từ tháng').selectOption({ index: 1 });
    await section.getByLabel('Số tháng').fill('2');
    await section.getByRole('button', { name: 'Tạo các buổi' }).click();
    await section.getByText('Đã tạo 2 buổi, bỏ qua 0 tháng.').waitFor();
    await section.getByText('Chuyển đổi số và dịch vụ công trực tuyến').waitFor();
    await page.getByRole('region', { name: 'Các buổi tọa đàm' }).getByText('Chuyển đổi số và dịch vụ công trực tuyến').waitFor();
    // Generating the same months again skips them.
    await section.getByRole('button', { name: 'Tạo các buổi' }).click();
    await section.getByText('Đã tạo 0 buổi, bỏ qua 2 tháng.').waitFor();
    await section.getByText('đã có buổi của tháng này').first().waitFor();
    await screenshot(page, 'admin-programme-1280');

    // Import: a broken file shows its problems by line; a good one previews, then merges.
    await page.getByRole('button', { name: 'Nhập phụ đề' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nhập phụ đề cho buổi tọa đàm' });
    await dialog.getByLabel('Tệp phụ đề (.vtt hoặc .srt)').setInputFiles({
      name: 'hong.vtt',
      mimeType: 'text/vtt',
      buffer: Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nĐúng\n\n00:00:09.000 --> 00:00:03.000\nSai\n'),
    });
    await dialog.getByText('Dòng 6: đoạn kết thúc trước khi bắt đầu').waitFor();
    expect(await dialog.getByRole('button', { name: 'Gộp vào lời thoại hiện có' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Tệp phụ đề (.vtt hoặc .srt)').setInputFiles({
      name: 'buoi.srt',
      mimeType: 'application/x-subrip',
      buffer: Buffer.from('1\n00:00:01,000 --> 00:00:04,000\nKính chào bà con.\n\n2\n00:00:05,000 --> 00:00:08,000\nXin mời câu hỏi đầu tiên.\n'),
    });
    await dialog.getByText('Xem trước: 2 đoạn từ buoi.srt').waitFor();
    expect(await dialog.getByLabel('Định dạng').inputValue()).toBe('srt');
    await screenshot(page, 'admin-import-1280');
    await dialog.getByRole('button', { name: 'Gộp vào lời thoại hiện có' }).click();
    await dialog.getByText('Đã ghi 2 đoạn vào lời thoại.').waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('logs no console errors or CSP violations', () => {
    expect(suite.opened.flatMap((watched) => watched.errors)).toEqual([]);
  });
});
