import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffQuestion } from '../../shared/schemas/question.ts';
import { launchBrowser, openPage, screenshot, shootBoth, signIn, type WatchedPage } from '../support/browser.ts';
import { staffMember, type Participant } from '../support/clients.ts';
import { expectOk, until } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';

const QUESTION = 'Xin hỏi phường bao giờ nạo vét cống thoát nước đường Lê Lợi?';
const ANSWER = 'Công ty thoát nước sẽ nạo vét cống đường Lê Lợi từ ngày 20 tháng này.';
const ADDRESS = 'hoa.nguyen@example.vn';

describe('a resident leaves an e-mail, confirms it, and is told of the written answer by mail and on the open page', () => {
  let mailbox: Mailbox;
  let server: TestServer;
  let browser: Browser;
  let admin: Participant;
  let asker: WatchedPage;
  let questionId = 0;

  const mails = () => mailbox.to(ADDRESS);

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer({ env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://toadam.phuong.example', NOTIFY_RETRY_BASE_SECONDS: '0.2' } });
    browser = await launchBrowser();
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    asker = await openPage(browser, { width: 390 });
  });
  afterAll(async () => {
    admin?.close();
    await browser?.close();
    await server?.close();
    await mailbox?.close();
  });

  it('asks, and leaves and confirms an e-mail for the news from "Của tôi"', async () => {
    const sessionId = server.demoSessionId;
    const page = asker.page;
    await page.goto(`${server.url}/s/${sessionId}`);
    await page.getByLabel('Câu hỏi của bạn').fill(QUESTION);
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    const staffView = expectOk(await admin.send('session:join', { sessionId }));
    questionId = (staffView.questions as StaffQuestion[]).find((q) => q.text === QUESTION)!.id;

    await page.getByRole('tab', { name: /Của tôi/ }).click();
    const mine = page.getByRole('tabpanel').getByRole('article').filter({ hasText: QUESTION });
    await mine.getByRole('button', { name: 'Nhận tin về câu hỏi này' }).click();
    await mine.getByLabel('Địa chỉ e-mail').fill(ADDRESS);
    await shootBoth(page, 'contact-form');
    const send = mine.getByRole('button', { name: 'Gửi mã xác nhận' });
    expect(await send.isDisabled()).toBe(true);
    await mine.getByLabel(/Tôi đồng ý/).check();
    await send.click();

    const [codeMail] = await until(async () => mails(), (list) => list.length >= 1, 'the code mail', 20_000);
    const code = /(\d{6})/.exec(codeMail!.subject ?? '')![1]!;
    await mine.getByLabel('Mã 6 số đã gửi tới h***@example.vn').fill(code);
    await mine.getByRole('button', { name: 'Xác nhận' }).click();
    await mine.getByText('Tin về câu hỏi này sẽ được gửi tới h***@example.vn.').waitFor();
    await shootBoth(page, 'contact-verified');
  });

  it('lets staff record a phoned-in asker’s e-mail, with their consent, as they enter the question', async () => {
    const staff = await openPage(browser);
    await signIn(staff.page, server.url, `/s/${server.demoSessionId}/moderate`, 'admin', server.adminPassword);
    const entry = staff.page.getByRole('region', { name: 'Nhập câu hỏi từ kênh khác' });
    await entry.getByLabel('Nội dung câu hỏi').fill('Bà Lan gọi hỏi về lịch thu gom rác cồng kềnh trong tháng.');
    await entry.getByLabel('Báo tin cho người hỏi qua').selectOption({ label: 'E-mail' });
    await entry.getByLabel('E-mail hoặc số điện thoại của người hỏi').fill('lan.do@example.vn');
    const submit = entry.getByRole('button', { name: 'Nhập câu hỏi' });
    // Without the asker's consent ticked, the contact cannot be recorded.
    expect(await submit.isDisabled()).toBe(true);
    await entry.getByLabel('Người hỏi đồng ý nhận tin về câu hỏi này qua địa chỉ trên').check();
    await screenshot(staff.page, 'staff-entry-contact-1280');
    await submit.click();
    await entry.getByRole('status').getByText(/Đã ghi liên hệ nhận tin \(l\*\*\*@example\.vn\)\./).waitFor();
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  });

  it('shows the written answer on the open page at once and mails it', async () => {
    const sessionId = server.demoSessionId;
    expectOk(await admin.send('question:moderate', { questionId, action: 'approve' }));
    expectOk(await admin.send('session:transition', { sessionId, to: 'live' }));
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
    const dept = await admin.http.json<{ id: number }>('POST', '/api/admin/departments', { name: 'Phòng Kinh tế, Hạ tầng và Đô thị' });
    expect((await admin.http.json('POST', `/api/staff/questions/${questionId}/assign`, { departmentId: dept.body.id, urgency: 'normal' })).status).toBe(200);
    const form = new FormData();
    form.set('text', ANSWER);
    expect((await admin.http.upload(`/api/staff/questions/${questionId}/answer`, form)).status).toBe(200);

    // No reload: the page that has "Của tôi" open shows the answer as it is published.
    const mine = asker.page.getByRole('tabpanel').getByRole('article').filter({ hasText: QUESTION });
    await mine.getByText(ANSWER).waitFor();
    await mine.getByText('Mới', { exact: true }).waitFor();
    await shootBoth(asker.page, 'answer-pushed');

    const list = await until(async () => mails(), (l) => l.some((m) => m.text?.includes(ANSWER)), 'the answer mail', 20_000);
    const answerMail = list.find((m) => m.text?.includes(ANSWER))!;
    expect(answerMail.subject).toBe('Tọa đàm: tin về câu hỏi của bạn');
    expect(answerMail.text).toMatch(/https:\/\/toadam\.phuong\.example\/q\/TD-\d{4}-\d{2}-\d{4}/);

    // The public tracking page says the asker was told, and how, never to whom.
    const code = /\/q\/(TD-\d{4}-\d{2}-\d{4})/.exec(answerMail.text!)![1]!;
    await asker.page.goto(`${server.url}/q/${code}`);
    const news = asker.page.getByRole('region', { name: 'Thông báo cho người hỏi' });
    await news.getByText('Đã gửi thông báo qua E-mail: đã trả lời bằng văn bản').waitFor();
    expect(await news.innerText()).not.toContain('example.vn');
    await shootBoth(asker.page, 'track-news');
    expect(asker.errors).toEqual([]);
  });
});
