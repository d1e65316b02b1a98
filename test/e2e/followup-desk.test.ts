import { beforeAll, describe, expect, it } from 'vitest';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import type { Department, FollowupView } from '../../shared/schemas/followup.ts';
import type { PublicQuestion } from '../../shared/schemas/question.ts';
import { openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { clientKey, resident } from '../support/clients.ts';
import { expectOk } from '../support/factory.ts';

const MINE = 'Xin hỏi phường khi nào sửa lại cống thoát nước bị tắc ở ngõ 12 phố Nguyễn Khang?';
const DUPLICATE = 'Bao giờ phường sắp xếp lại chỗ để xe máy trên vỉa hè phố Trần Duy Hưng vậy ạ?';
const PARKING = 'chỗ để xe máy trên vỉa hè phố Trần Duy Hưng để người đi bộ';
const HOTLINE = 'Người dân gọi đường dây nóng hỏi về lịch thu gom rác cồng kềnh ở tổ dân phố 7.';
const EXTERNAL = 'iHanoi-2026-118842';
const PROMISE_LINE = 'Phường cam kết nạo vét toàn bộ cống thoát nước ngõ 12 trước mùa mưa.';
const OWNER = 'Phòng Kinh tế, Hạ tầng và Đô thị';
const ANSWER = 'Phòng Kinh tế đã nạo vét cống ngõ 12 và sẽ kiểm tra lại sau mỗi trận mưa lớn.';
const REOPEN = 'Sau trận mưa hôm qua cống ngõ 12 lại bị tắc, nước vẫn tràn vào nhà dân.';

const suite = browserSuite({ admin: true });
let asker: WatchedPage;
let staff: WatchedPage;
let mine: PublicQuestion;
let department: Department;

/** A day `days` after today in Hanoi, as the due-day field takes it. */
function dayFromToday(days: number): string {
  const d = new Date(`${hanoiDay(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('the moderator console, promises on the archive, and a resident reopening an answer', () => {
  beforeAll(async () => {
    department = (await suite.admin.http.json<Department>('POST', '/api/admin/departments', { name: OWNER })).body;
    [asker, staff] = await Promise.all([openPage(suite.browser, { width: 390 }), openPage(suite.browser)]);
  });

  it('merges a pending duplicate and enters a hotline question from the console', async () => {
    const sessionId = suite.server.demoSessionId;
    await asker.page.goto(`${suite.server.url}/s/${sessionId}`);
    await asker.page.getByLabel('Câu hỏi của bạn').fill(MINE);
    await asker.page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await asker.page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    const other = await resident(suite.server.url);
    expectOk(await other.send('question:ask', { sessionId, text: DUPLICATE, clientKey: clientKey() }));
    other.close();

    const page = staff.page;
    await signIn(page, suite.server.url, `/s/${sessionId}/moderate`, 'admin', suite.server.adminPassword);
    const pending = page.getByRole('region', { name: /^Chờ duyệt/ });
    const approved = page.getByRole('region', { name: /^Đã duyệt/ });
    const parking = approved.getByRole('article').filter({ hasText: PARKING });
    const parkingId = Number(await parking.getAttribute('data-question-id'));

    const duplicate = pending.getByRole('article').filter({ hasText: DUPLICATE });
    await duplicate.getByRole('button', { name: 'Gộp vào…' }).click();
    await duplicate.getByLabel('Giữ lại câu hỏi').selectOption(String(parkingId));
    await duplicate.getByRole('button', { name: 'Gộp', exact: true }).click();
    await duplicate.waitFor({ state: 'detached' });
    const merged = expectOk(await suite.admin.send('session:join', { sessionId })).questions.find((q) => q.text === DUPLICATE);
    expect(merged?.mergedInto).toBe(parkingId);

    const card = pending.getByRole('article').filter({ hasText: MINE });
    await card.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await approved.getByRole('article').filter({ hasText: MINE }).waitFor();

    const entry = page.getByRole('region', { name: 'Nhập câu hỏi từ kênh khác' });
    await entry.getByLabel('Nội dung câu hỏi').fill(HOTLINE);
    await entry.getByLabel('Kênh tiếp nhận').selectOption({ label: 'Đường dây nóng' });
    await entry.getByLabel(/Mã hồ sơ ở hệ thống khác/).fill(EXTERNAL);
    await entry.getByLabel(/Họ tên người hỏi/).fill('Bà Đỗ Thị Lan');
    await entry.getByRole('button', { name: 'Nhập câu hỏi' }).click();
    const done = await entry.getByRole('status').innerText();
    expect(done).toMatch(/^Đã nhập câu hỏi, mã theo dõi TD-\d{4}-\d{2}-\d{4,6}\.$/);
    const entered = approved.getByRole('article').filter({ hasText: HOTLINE });
    await entered.getByText('Kênh: Đường dây nóng').waitFor();
    expect(await entry.getByLabel('Nội dung câu hỏi').inputValue()).toBe('');
    await screenshot(page, 'console-entry-1280');
    expect(staff.errors).toEqual([]);
  });

  it('marks a transcript line as a promise on the archive, refuses a past due day, and marks it kept', async () => {
    const sessionId = suite.server.demoSessionId;
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await suite.admin.send('caption:post', { sessionId, text: PROMISE_LINE, speakerName: 'Nguyễn Văn An' }));
    expectOk(await suite.admin.send('session:transition', { sessionId, to: 'ended' }));

    const page = staff.page;
    await page.goto(`${suite.server.url}/s/${sessionId}/archive`);
    const promises = page.getByRole('region', { name: 'Cam kết tại buổi tọa đàm' });
    await promises.getByText('Chưa có cam kết nào được ghi nhận.').waitFor();
    await promises.getByText('Đánh dấu cam kết').click();
    const line = promises.getByLabel('Đoạn lời thoại');
    const value = await line.locator('option', { hasText: PROMISE_LINE.slice(0, 40) }).getAttribute('value');
    await line.selectOption(value!);
    await expect.poll(() => promises.getByLabel('Điều đã hứa').inputValue()).toBe(PROMISE_LINE);
    await promises.getByLabel('Đơn vị / người phụ trách').fill(OWNER);
    await promises.getByLabel('Hạn thực hiện').fill('2020-01-15');
    await promises.getByRole('button', { name: 'Ghi nhận cam kết' }).click();
    await promises.getByRole('alert').getByText('Hạn thực hiện không được ở trong quá khứ', { exact: false }).waitFor();
    await screenshot(page, 'archive-promise-refused-1280');

    await promises.getByLabel('Hạn thực hiện').fill(dayFromToday(30));
    await promises.getByRole('button', { name: 'Ghi nhận cam kết' }).click();
    const item = promises.getByRole('listitem').filter({ hasText: PROMISE_LINE });
    await item.getByText(`Phụ trách: ${OWNER}`).waitFor();
    await item.getByText('Đang thực hiện').waitFor();
    await item.getByText('Nói lúc 00:00 trong buổi').waitFor();
    expect(await promises.getByRole('alert').count()).toBe(0);

    await item.getByRole('button', { name: 'Đánh dấu đã thực hiện' }).click();
    await item.getByLabel('Ghi chú kết quả').fill('Đã nạo vét xong, nghiệm thu ngày 20.');
    await item.getByRole('button', { name: 'Đánh dấu đã thực hiện' }).click();
    await item.getByText('Đã thực hiện', { exact: true }).waitFor();
    await item.getByText('Đã nạo vét xong, nghiệm thu ngày 20.').waitFor();
    expect(await item.getByRole('button').count()).toBe(0);
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await promises.screenshot({ path: `test-results/screenshots/archive-promises-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // The one refusal asked for on purpose is the only thing the browser logged.
    expect(staff.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    staff.errors.length = 0;
  });

  it('lets the asker reopen a written answer once, with a reason', async () => {
    const sessionId = suite.server.demoSessionId;
    const snapshot = expectOk(await suite.admin.send('session:join', { sessionId }));
    mine = snapshot.questions.find((q) => q.text === MINE)!;
    const answer = async () => {
      expect((await suite.admin.http.json<FollowupView>('POST', `/api/staff/questions/${mine.id}/answer`, { text: ANSWER })).status).toBe(200);
    };
    expect((await suite.admin.http.json('POST', `/api/staff/questions/${mine.id}/assign`, { departmentId: department.id, urgency: 'normal' })).status).toBe(200);
    await answer();

    const page = asker.page;
    await page.goto(`${suite.server.url}/s/${sessionId}`);
    await page.getByRole('tab', { name: /Của tôi/ }).click();
    const own = page.getByRole('tabpanel').getByRole('article').filter({ hasText: MINE });
    await own.getByText(ANSWER).waitFor();
    await own.getByRole('button', { name: 'Đề nghị xem xét lại' }).click();
    const reason = own.getByLabel('Lý do đề nghị xem xét lại');
    await reason.fill('Chưa ổn');
    expect(await own.getByRole('button', { name: 'Gửi đề nghị' }).isDisabled()).toBe(true);
    await reason.fill(REOPEN);
    await own.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await own.getByText('Câu hỏi đã được mở lại một lần.').waitFor();
    expect(await own.getByRole('button', { name: 'Đề nghị xem xét lại' }).count()).toBe(0);

    // Answered again: the asker may rate it, but is not offered a second reopening, and the server refuses one.
    await answer();
    await page.reload();
    await page.getByRole('tab', { name: /Của tôi/ }).click();
    await own.getByRole('button', { name: 'Gửi đánh giá' }).waitFor();
    await own.getByText('Câu hỏi đã được mở lại một lần.').waitFor();
    expect(await own.getByRole('button', { name: 'Đề nghị xem xét lại' }).count()).toBe(0);
    const again = await page.evaluate(async (id) => {
      const res = await fetch(`/api/me/questions/${id}/reopen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'Lần nữa, vẫn chưa được giải quyết.' }) });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    }, mine.id);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    await screenshot(page, 'my-question-reopened-390');

    const history = staff.page;
    await history.goto(`${suite.server.url}/q/${mine.trackingCode}`);
    await history.getByRole('region', { name: 'Quá trình xử lý' }).getByText(`Lý do: ${REOPEN}`).waitFor();
    // The asker's page sent one request the server refused on purpose; nothing else went wrong.
    expect(asker.errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    asker.errors.length = 0;
  });

  it('looks a code up from the programme page, and explains a malformed one', async () => {
    const page = asker.page;
    await page.goto(`${suite.server.url}/`);
    const box = page.getByRole('search', { name: 'Tra cứu mã câu hỏi' });
    const input = box.getByLabel('Mã câu hỏi');
    await input.fill('TD-12-abc');
    await box.getByRole('button', { name: 'Tra cứu' }).click();
    await box.getByText('Mã không đúng dạng TD-2026-12-0042.').waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/');

    // Lower case and stray spaces are tidied.
    await input.fill(` ${mine.trackingCode.toLowerCase()} `);
    await box.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL((url) => url.pathname === `/q/${mine.trackingCode}`);
    await page.getByRole('heading', { name: mine.trackingCode }).waitFor();
    await page.getByRole('region', { name: 'Câu hỏi' }).getByText(MINE).waitFor();

    // A well-formed code nobody has.
    await page.goto(`${suite.server.url}/q/TD-2020-01-9999`);
    await page.getByText('Không tìm thấy câu hỏi').waitFor();
    expect(asker.errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    expect(staff.errors).toEqual([]);
  });
});
