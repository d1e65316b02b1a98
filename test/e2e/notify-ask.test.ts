import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffQuestion } from '../../shared/schemas/question.ts';
import { launchBrowser, openPage, shootBoth, signIn } from '../support/browser.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, expectOk, until } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const QUESTION = 'Xin hỏi khi nào phường sửa mặt đường ngõ 45 Nguyễn Trãi bị lún?';
const ASKER = 'thu.le@example.vn';
const FOLLOWER = 'binh.vo@example.vn';
const REMINDED = 'nam.dang@example.vn';

describe('a contact for the news, left in the ask form itself and on the tracking page by code; reminders on the programme page', () => {
  let mailbox: Mailbox;
  let server: TestServer;
  let browser: Browser;
  let admin: Participant;
  let followed: { id: number; trackingCode: string };

  const mailsTo = (address: string) => mailbox.to(address);
  const mail = async (address: string, count: number) =>
    (await until(async () => mailsTo(address), (list) => list.length >= count, `mail #${count} to ${address}`, 20_000))[count - 1]!;

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({ env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://toadam.phuong.example', NOTIFY_RETRY_BASE_SECONDS: '0.2' } });
    browser = await launchBrowser();
    admin = await staffMember(server.url, 'admin', server.adminPassword);
  });
  afterAll(async () => {
    admin?.close();
    await browser?.close();
    await server?.close();
    await mailbox?.close();
  });

  it('asks with an e-mail for the news, consents in the same form, and confirms the code in the notice that follows', async () => {
    const sessionId = server.demoSessionId;
    const { page, errors } = await openPage(browser, { width: 390 });
    await page.goto(`${server.url}/s/${sessionId}`);
    const form = page.getByRole('region', { name: 'Đặt câu hỏi' });
    await form.getByLabel('Câu hỏi của bạn').fill(QUESTION);
    await form.getByLabel('Địa chỉ e-mail').fill(ASKER);
    const send = form.getByRole('button', { name: 'Gửi câu hỏi' });
    // An address without consent is not sent with the question; the form says why.
    expect(await send.isDisabled()).toBe(true);
    await form.getByText(/hãy đánh dấu đồng ý/).waitFor();
    await form.getByLabel(/Tôi đồng ý/).check();
    await shootBoth(page, 'ask-with-contact');
    await send.click();
    await form.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();

    const code = /(\d{6})/.exec((await mail(ASKER, 1)).subject ?? '')![1]!;
    await form.getByLabel('Mã 6 số đã gửi tới t***@example.vn').fill(code);
    await form.getByRole('button', { name: 'Xác nhận' }).click();
    await form.getByText('Tin về câu hỏi này sẽ được gửi tới t***@example.vn.').waitFor();
    await shootBoth(page, 'ask-contact-verified');

    const staffView = expectOk(await admin.send('session:join', { sessionId }));
    const questionId = (staffView.questions as StaffQuestion[]).find((q) => q.text === QUESTION)!.id;
    await approve(admin, questionId);
    expect((await mail(ASKER, 2)).text).toContain('Câu hỏi của bạn đã được duyệt');
    expect(errors).toEqual([]);
  });

  it('asks on the programme page to be reminded of the next session by e-mail, and confirms the code', async () => {
    const { page, errors } = await openPage(browser, { width: 390 });
    await page.goto(`${server.url}/`);
    const next = page.getByRole('region', { name: /Trật tự đô thị và vỉa hè/ });
    await next.getByRole('button', { name: 'Nhắc tôi trước buổi tọa đàm' }).click();
    await next.getByLabel('Địa chỉ e-mail').fill(REMINDED);
    const send = next.getByRole('button', { name: 'Gửi mã xác nhận' });
    expect(await send.isDisabled()).toBe(true);
    await next.getByLabel(/chỉ để nhắc lịch buổi tọa đàm này/).check();
    await shootBoth(page, 'programme-reminder');
    await send.click();
    const code = /(\d{6})/.exec((await mail(REMINDED, 1)).subject ?? '')![1]!;
    await next.getByLabel('Mã 6 số đã gửi tới n***@example.vn').fill(code);
    await next.getByRole('button', { name: 'Xác nhận' }).click();
    await next.getByText('Phường sẽ nhắc bạn qua n***@example.vn một ngày và một giờ trước buổi tọa đàm.').waitFor();
    // Back on the page later, it still says so.
    await page.reload();
    await next.getByText('Phường sẽ nhắc bạn qua n***@example.vn một ngày và một giờ trước buổi tọa đàm.').waitFor();
    expect(errors).toEqual([]);
  });

  it('lets whoever holds a tracking code ask for its news on the tracking page', async () => {
    const asker = await resident(server.url);
    const q = await ask(asker, server.demoSessionId, 'Phường có kế hoạch trồng thêm cây xanh trên đường Trần Phú không?');
    await approve(admin, q.id);
    asker.close();
    followed = q;

    const { page, errors } = await openPage(browser, { width: 390 });
    await page.goto(`${server.url}/q/${q.trackingCode}`);
    const follow = page.getByRole('region', { name: 'Nhận tin về câu hỏi này' });
    await follow.getByRole('button', { name: 'Nhận tin về câu hỏi này' }).click();
    await follow.getByLabel('Địa chỉ e-mail').fill(FOLLOWER);
    await follow.getByLabel(/Tôi đồng ý/).check();
    await shootBoth(page, 'track-follow');
    await follow.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
    const code = /(\d{6})/.exec((await mail(FOLLOWER, 1)).subject ?? '')![1]!;
    await follow.getByLabel('Mã 6 số đã gửi tới b***@example.vn').fill(code);
    await follow.getByRole('button', { name: 'Xác nhận' }).click();
    await follow.getByText('Tin về câu hỏi này sẽ được gửi tới b***@example.vn.').waitFor();

    expectOk(await admin.send('session:transition', { sessionId: server.demoSessionId, to: 'live' }));
    expectOk(await admin.send('question:moderate', { questionId: q.id, action: 'stage' }));
    const news = await mail(FOLLOWER, 2);
    expect(news.text).toContain(`Câu hỏi ${q.trackingCode} đang được đưa lên để trả lời trực tiếp.`);
    expect(news.text).toContain(`/q/${q.trackingCode}`);
    expect(errors).toEqual([]);
  });

  it('shows staff a notification the mail server refused for good, with the reason, and sends it again', async () => {
    mailbox.refuseNext(1, 550);
    expectOk(await admin.send('question:moderate', { questionId: followed.id, action: 'answer' }));
    const staff = await openPage(browser);
    await signIn(staff.page, server.url, '/staff/followups', 'admin', server.adminPassword);
    const panel = staff.page.getByRole('region', { name: /Thông báo không gửi được/ });
    // The page shows what had died when it loaded; the refusal is quick, but reload until it is there.
    await until(
      async () => {
        await staff.page.reload();
        return panel.getByRole('row').filter({ hasText: followed.trackingCode }).count();
      },
      (n) => n === 1,
      'the dead letter on the dashboard',
      20_000,
    );
    const row = panel.getByRole('row').filter({ hasText: followed.trackingCode });
    await row.getByText(/550/).waitFor();
    await row.getByText('E-mail b***@example.vn').waitFor();
    await shootBoth(staff.page, 'dead-letters');
    await row.getByRole('button', { name: `Gửi lại thông báo của câu hỏi ${followed.trackingCode}` }).click();
    await panel.getByRole('status').getByText(`Đã đưa thông báo của câu hỏi ${followed.trackingCode} vào hàng gửi lại.`).waitFor();
    expect((await mail(FOLLOWER, 3)).text).toContain(`Câu hỏi ${followed.trackingCode} đã được trả lời trực tiếp tại phiên tọa đàm.`);
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  });
});
