import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Archive, TranscriptImportResult } from '../../shared/schemas/transcript.ts';
import { launchBrowser, openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import { clientKey, resident, staffMember, type Participant } from '../support/clients.ts';
import { expectOk } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { makeTestVideo } from '../support/video.ts';

const VTT = `WEBVTT

00:00:01.000 --> 00:00:05.000
<v Nguyễn Văn An>Kính chào bà con đến với buổi tọa đàm hôm nay.

00:00:06.000 --> 00:00:10.000
<v Lê Thị Bình>Về đường Trần Duy Hưng, phường sẽ lát lại vỉa hè trong quý tới.

00:00:11.000 --> 00:00:14.000
<v Nguyễn Văn An>Tháng sau chúng ta bàn về y tế cơ sở.

00:00:15.000 --> 00:00:19.000
<v Phạm Quốc Cường>Công an phường sẽ tăng cường tuần tra buổi tối.
`;

const REJECTED_TEXT = 'Bán hàng online giá rẻ, liên hệ ngay số điện thoại bên dưới để được tư vấn.';

/** The video's clock, in seconds. */
const videoTime = (page: Page) => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
const currentLine = (page: Page) => page.locator('.lines [aria-current="true"]');

async function waitForMetadata(page: Page): Promise<void> {
  await page.locator('video').evaluate(
    (v: HTMLVideoElement) =>
      new Promise<void>((resolve) => {
        if (v.readyState >= 1) resolve();
        else v.addEventListener('loadedmetadata', () => resolve(), { once: true });
      }),
  );
}

describe('archive, minutes and search', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Participant;
  let sessionId: number;
  let recordings: string;
  let answeredText: string;
  const opened: WatchedPage[] = [];

  async function open(width: number): Promise<WatchedPage> {
    const watched = await openPage(browser, { width, height: width < 600 ? 780 : 900 });
    opened.push(watched);
    return watched;
  }

  beforeAll(async () => {
    recordings = mkdtempSync(join(tmpdir(), 'toadam-recordings-'));
    const [, started, launched] = await Promise.all([
      makeTestVideo(recordings, 'replay.mp4', 20),
      startTestServer({ env: { RECORDINGS_DIR: recordings } }),
      launchBrowser(),
    ]);
    server = started;
    browser = launched;
    sessionId = server.demoSessionId;
    admin = await staffMember(server.url, 'admin', server.adminPassword);

    const patched = await admin.http.json('PATCH', `/api/admin/sessions/${sessionId}`, { archiveVideoUrl: '/recordings/replay.mp4' });
    expect(patched.status).toBe(200);
    const imported = await admin.http.json<TranscriptImportResult>('POST', `/api/admin/sessions/${sessionId}/transcript/import`, {
      format: 'vtt',
      content: VTT,
      mode: 'replace',
    });
    expect(imported.body.written).toBe(4);

    // One question answered on stage (a chapter), one rejected as spam, the others left approved (deferred).
    const asker = await resident(server.url);
    const spam = expectOk(await asker.send('question:ask', { sessionId, text: REJECTED_TEXT, clientKey: clientKey() }));
    asker.close();
    expectOk(await admin.send('question:moderate', { questionId: spam.id, action: 'reject', reason: 'spam' }));
    expectOk(await admin.send('session:transition', { sessionId, to: 'live' }));
    const snapshot = expectOk(await admin.send('session:join', { sessionId }));
    const first = snapshot.questions.find((q) => q.status === 'approved')!;
    answeredText = first.text;
    expectOk(await admin.send('question:moderate', { questionId: first.id, action: 'stage' }));
    expectOk(await admin.send('question:moderate', { questionId: first.id, action: 'answer' }));
    expectOk(await admin.send('session:transition', { sessionId, to: 'ended' }));
  }, 60_000);

  afterAll(async () => {
    admin?.close();
    await browser?.close();
    await server?.close();
    if (recordings) rmSync(recordings, { recursive: true, force: true });
  });

  it('serves the recording with byte ranges and the archive with its chapter', async () => {
    const range = await fetch(`${server.url}/recordings/replay.mp4`, { headers: { range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    const archive = await admin.http.json<Archive>('GET', `/api/sessions/${sessionId}/archive`);
    expect(archive.body.videoUrl).toBe('/recordings/replay.mp4');
    expect(archive.body.chapters.map((c) => c.text)).toEqual([answeredText]);
  });

  it('follows playback in the transcript, seeks on a click, on a chapter and from ?t=', async () => {
    const { page } = await open(1280);
    await page.goto(`${server.url}/s/${sessionId}/archive`);
    await page.getByRole('heading', { name: 'Lời thoại' }).waitFor();
    await waitForMetadata(page);
    const track = page.locator('video track[kind="captions"]');
    expect(await track.getAttribute('src')).toBe(`/api/sessions/${sessionId}/transcript?format=vtt`);
    expect(await track.getAttribute('label')).toBe('Tiếng Việt (phụ đề)');
    // The browser loads the track (the CC button's captions) from the transcript's WebVTT.
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      v.textTracks[0]!.mode = 'hidden';
    });
    await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).textTracks[0]?.cues?.length === 4);

    // Playing: the line being spoken lights up as the clock passes its start.
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).currentTime > 1.3);
    await currentLine(page).getByText('Kính chào bà con').waitFor();

    // Setting the clock moves the highlight.
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      v.pause();
      v.currentTime = 7;
    });
    await currentLine(page).getByText('lát lại vỉa hè').waitFor();

    // A click on a line seeks the video there, and the address says where.
    await page.getByRole('button', { name: /Tháng sau chúng ta bàn về y tế/ }).click();
    await expect.poll(() => videoTime(page)).toBeCloseTo(11, 0);
    await currentLine(page).getByText('Tháng sau chúng ta bàn').waitFor();
    expect(new URL(page.url()).search).toBe('?t=11');

    // Keyboard: Enter on a focused line seeks too.
    await page.getByRole('button', { name: /Công an phường sẽ tăng cường/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => videoTime(page)).toBeCloseTo(15, 0);

    // A chapter (the question put on stage) seeks to its moment.
    const chapters = page.getByRole('region', { name: 'Các câu hỏi đã trả lời' });
    await chapters.getByRole('button', { name: new RegExp(answeredText.slice(0, 30)) }).click();
    await expect.poll(() => videoTime(page)).toBeLessThan(1);

    // A shared link with ?t=12 starts there.
    await page.goto(`${server.url}/s/${sessionId}/archive?t=12`);
    await waitForMetadata(page);
    await expect.poll(() => videoTime(page)).toBeCloseTo(12, 0);
    await currentLine(page).getByText('Tháng sau chúng ta bàn').waitFor();
  });

  it('filters the transcript without diacritics', async () => {
    const { page } = await open(1280);
    await page.goto(`${server.url}/s/${sessionId}/archive`);
    const lines = page.locator('.lines > li');
    await lines.first().waitFor();
    expect(await lines.count()).toBe(4);
    await page.getByLabel('Tìm trong lời thoại').fill('via he');
    await expect.poll(() => lines.count()).toBe(1);
    await lines.getByText('lát lại vỉa hè').waitFor();
    await page.getByLabel('Tìm trong lời thoại').fill('khong co dau day');
    await page.getByText('Không có đoạn nào khớp.').waitFor();
  });

  it('lets staff correct a line in place', async () => {
    const { page } = await open(1280);
    await signIn(page, server.url, `/s/${sessionId}/archive`, 'admin', server.adminPassword);
    await page.getByRole('button', { name: 'Sửa đoạn lúc 00:15' }).click();
    await page.getByLabel('Nội dung').fill('Công an phường sẽ tăng cường tuần tra vào buổi tối và cuối tuần.');
    await page.getByLabel('Người nói').fill('Đại úy Phạm Quốc Cường');
    await page.getByRole('button', { name: 'Lưu sửa đổi' }).click();
    await page.getByText('tuần tra vào buổi tối và cuối tuần').waitFor();
    await page.getByText('Đại úy Phạm Quốc Cường').waitFor();
    // The captions track reloads with the corrected text.
    expect(await page.locator('video track').getAttribute('src')).toMatch(/format=vtt&v=1$/);
    const vtt = await page.evaluate(async (url) => (await fetch(url)).text(), `/api/sessions/${sessionId}/transcript?format=vtt`);
    expect(vtt).toContain('cuối tuần');
  });

  it('prints minutes with each question\'s fate and the transcript', async () => {
    const { page } = await open(1280);
    await page.goto(`${server.url}/s/${sessionId}/minutes`);
    await page.getByRole('heading', { name: 'Biên bản tọa đàm' }).waitFor();
    const answered = page.getByRole('region', { name: /Câu hỏi đã trả lời trực tiếp \(1\)/ });
    await answered.getByText(answeredText).waitFor();
    await answered.getByRole('link', { name: /Trả lời trực tiếp lúc \d\d:\d\d/ }).waitFor();
    const deferred = page.getByRole('region', { name: /Câu hỏi chưa trả lời tại buổi \(2\)/ });
    // Left approved with no follow-up yet: the minutes say no decision was made, not that they were passed on.
    expect(await deferred.getByText('Chưa có quyết định xử lý').count()).toBe(2);
    expect(await deferred.getByText('Chuyển trả lời bằng văn bản').count()).toBe(0);
    await page.getByRole('region', { name: /Cam kết tại buổi/ }).waitFor();
    const rejected = page.getByRole('region', { name: /Câu hỏi không được duyệt \(1\)/ });
    await rejected.getByText('Quảng cáo, spam').waitFor();
    // A rejected question is counted, never shown.
    expect(await page.getByText(REJECTED_TEXT).count()).toBe(0);
    const transcript = page.getByRole('region', { name: 'Lời thoại' });
    await transcript.getByText('Kính chào bà con').waitFor();
    await transcript.getByText('Lê Thị Bình:').waitFor();
    await page.getByRole('button', { name: 'In biên bản' }).waitFor();

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'In biên bản' }).isVisible()).toBe(false);
    await screenshot(page, 'minutes-print-1280');
  });

  it('finds "tọa đàm" when typing "toa dam" and links to the right moment', async () => {
    const { page } = await open(1280);
    await page.goto(`${server.url}/`);
    const box = page.getByRole('search').getByRole('searchbox');
    await box.fill('toa dam');
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'toa dam');
    // Each matched word is marked: "tọa" and "đàm", found from "toa dam".
    const hit = page
      .getByRole('listitem')
      .filter({ has: page.locator('mark', { hasText: /^tọa$/ }) })
      .filter({ has: page.locator('mark', { hasText: /^đàm$/ }) })
      .first();
    await hit.waitFor();
    await hit.getByText('Kính chào bà con').waitFor();
    const link = hit.getByRole('link', { name: 'Xem từ 00:01' });
    expect(await link.getAttribute('href')).toBe(`/s/${sessionId}/archive?t=1`);
    await link.click();
    await page.waitForURL((url) => url.pathname === `/s/${sessionId}/archive`);
    await waitForMetadata(page);
    await expect.poll(() => videoTime(page)).toBeCloseTo(1, 0);

    // No results, and the empty start.
    await page.goto(`${server.url}/search?q=${encodeURIComponent('xyzzy không có')}`);
    await page.getByRole('heading', { name: /Không tìm thấy kết quả/ }).waitFor();
    expect(await page.getByRole('searchbox').inputValue()).toBe('xyzzy không có');
    await page.goto(`${server.url}/search`);
    await page.getByRole('heading', { name: 'Bạn muốn tìm gì?' }).waitFor();
  });

  for (const width of [360, 1280] as const) {
    it(`renders archive, minutes and search at ${width} px`, async () => {
      const { page } = await open(width);
      const shots: Array<[string, string, string]> = [
        ['archive', `/s/${sessionId}/archive?t=7`, 'Lời thoại'],
        ['minutes', `/s/${sessionId}/minutes`, 'Biên bản tọa đàm'],
        ['search', `/search?q=${encodeURIComponent('vỉa hè')}`, 'Tìm kiếm'],
      ];
      for (const [name, path, heading] of shots) {
        await page.goto(server.url + path);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        if (name === 'archive') await waitForMetadata(page);
        if (name === 'search') await page.locator('mark').first().waitFor();
        await screenshot(page, `${name}-${width}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
    });
  }

  it('logs no console errors or CSP violations', () => {
    expect(opened.flatMap((watched) => watched.errors)).toEqual([]);
  });
});
