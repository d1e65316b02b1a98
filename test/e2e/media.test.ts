/**
 * Live video pages in the browser. Without LiveKit the resident page falls back to the session's YouTube link or a
 * plain notice; with a fake LiveKit API the stage (raise hand, invite) works end to end through the server, while
 * the browser's own LiveKit connection fails (there is no SFU) and must show a disconnected state, not crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn, type WatchedPage } from '../support/browser.ts';
import type { Participant } from '../support/clients.ts';
import { closeSuite, goLive, serverWithAdmin } from '../support/factory.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../support/fake-livekit.ts';
import type { TestServer } from '../support/server.ts';

const YOUTUBE_LINK = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const YOUTUBE_EMBED = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&playsinline=1';

/**
 * What a browser logs when it cannot reach a LiveKit server (the fake LiveKit API answers no signalling): the only
 * console errors these pages may show, and only in the tests with LiveKit configured.
 */
function isLiveKitFailure(error: string, liveKitUrl: string): boolean {
  const ws = liveKitUrl.replace(/^http/, 'ws');
  return (
    error.startsWith(`Access to fetch at '${liveKitUrl}/rtc/`) ||
    error.startsWith(`WebSocket connection to '${ws}/rtc/`) ||
    error === 'Failed to load resource: net::ERR_FAILED'
  );
}

function useBrowser() {
  const opened: WatchedPage[] = [];
  let browser: Browser;
  return {
    opened,
    async launch() {
      browser = await launchBrowser();
    },
    async open(width: number): Promise<WatchedPage> {
      const watched = await openPage(browser, { width, height: width < 600 ? 780 : 900 });
      opened.push(watched);
      return watched;
    },
    close: () => browser?.close(),
  };
}

describe('live video pages without LiveKit', () => {
  let server: TestServer;
  let admin: Participant;
  let sessionId: number;
  const browser = useBrowser();

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin());
    await browser.launch();
    await goLive(admin, sessionId);
  });

  afterAll(async () => {
    await browser.close();
    await closeSuite(server, admin);
  });

  it('shows the "not available" notice, then the session’s YouTube live once an administrator sets it', async () => {
    const phone = await browser.open(360);
    const laptop = await browser.open(1280);
    for (const { page } of [phone, laptop]) {
      await page.goto(`${server.url}/s/${sessionId}`);
      await page.locator('#live-media').getByText('Chưa có hình ảnh/âm thanh trực tiếp').waitFor();
      expect(await page.locator('#live-media iframe').count()).toBe(0);
    }
    await screenshot(phone.page, 'media-live-fallback-360');
    await screenshot(laptop.page, 'media-live-fallback-1280');

    const patched = await admin.http.json<{ externalStreamUrl: string }>('PATCH', `/api/admin/sessions/${sessionId}`, { externalStreamUrl: YOUTUBE_LINK });
    expect(patched.status).toBe(200);
    // The change reaches open pages through the session's broadcast, without a reload.
    for (const { page } of [phone, laptop]) {
      const frame = page.getByTitle('Phát trực tiếp buổi tọa đàm trên YouTube');
      await frame.waitFor();
      expect(await frame.getAttribute('src')).toBe(YOUTUBE_EMBED);
      expect(await page.getByRole('link', { name: 'Mở trên YouTube' }).getAttribute('href')).toBe(YOUTUBE_LINK);
    }
    await screenshot(phone.page, 'media-live-external-360');
    await screenshot(laptop.page, 'media-live-external-1280');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('says on the studio page that live video is not configured, and how', async () => {
    for (const width of [360, 1280]) {
      const { page } = await browser.open(width);
      await signIn(page, server.url, `/s/${sessionId}/studio`, 'admin', server.adminPassword);
      await page.getByRole('heading', { name: 'Chưa cấu hình video trực tiếp' }).waitFor();
      expect(await page.getByText(/LIVEKIT_URL/).count()).toBe(1);
      await screenshot(page, `media-studio-off-${width}`);
    }
  });

  it('keeps the console to a one-line note and offers the external link field to administrators', async () => {
    const { page } = await browser.open(1280);
    await signIn(page, server.url, `/s/${sessionId}/moderate`, 'admin', server.adminPassword);
    const panel = page.getByRole('region', { name: 'Video trực tiếp' });
    await panel.getByText('Video trực tiếp đang tắt trên máy chủ này.').waitFor();
    expect(await panel.getByRole('link', { name: 'Phòng phát (studio)' }).getAttribute('href')).toBe(`/s/${sessionId}/studio`);

    await page.goto(`${server.url}/admin`);
    const sessions = page.getByRole('region', { name: 'Các buổi tọa đàm' });
    await sessions.getByRole('button', { name: 'Sửa' }).first().click();
    const field = sessions.getByLabel('Link phát trực tiếp YouTube/Facebook (khi không dùng LiveKit)').first();
    expect(await field.inputValue()).toBe(YOUTUBE_LINK);
  });

  it('logs no console errors or CSP violations', () => {
    expect(browser.opened.flatMap((watched) => watched.errors)).toEqual([]);
  });
});

describe('live video pages with a (fake) LiveKit', () => {
  let lk: FakeLiveKit;
  let server: TestServer;
  let admin: Participant;
  let sessionId: number;
  const browser = useBrowser();

  beforeAll(async () => {
    lk = await startFakeLiveKit();
    ({ server, admin, sessionId } = await serverWithAdmin({ env: lk.env }));
    await browser.launch();
    await goLive(admin, sessionId);
  });

  afterAll(async () => {
    await browser.close();
    await closeSuite(server, admin);
    await lk?.close();
  });

  it('carries a raised hand to the moderator and the invitation back, and shows the failed video connection', async () => {
    const resident = await browser.open(360);
    await resident.page.goto(`${server.url}/s/${sessionId}`);
    const media = resident.page.locator('#live-media');
    const hand = media.getByRole('button', { name: 'Giơ tay phát biểu' });
    await hand.click();
    await media.getByText('Đang chờ mời').waitFor();
    expect(await media.getByRole('button', { name: 'Hạ tay' }).getAttribute('aria-pressed')).toBe('true');

    const moderator = await browser.open(1280);
    await signIn(moderator.page, server.url, `/s/${sessionId}/moderate`, 'admin', server.adminPassword);
    const panel = moderator.page.getByRole('region', { name: 'Video trực tiếp' });
    await panel.getByRole('heading', { name: 'Người dân giơ tay (1)' }).waitFor();
    await panel.getByRole('button', { name: 'Mời lên sân khấu' }).click();
    await panel.getByText('Đã mời', { exact: true }).waitFor();
    await media.getByText('Bạn đã được mời lên sân khấu: bật micro').waitFor();
    const invite = await lk.waitForCalls('RoomService/UpdateParticipant', 1);
    expect(invite[0]!.refused).toBeNull();

    // No SFU answers: the player gives up after its retries and says so, with a way to try again.
    await media.getByText('Mất kết nối video').first().waitFor({ timeout: 40_000 });
    await media.getByRole('button', { name: 'Thử lại' }).waitFor();
    await screenshot(resident.page, 'media-live-disconnected-360');
    await panel.getByText(/Kết nối phòng: Mất kết nối video/).waitFor({ timeout: 40_000 });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(moderator.page, 'media-console-1280');
    await panel.screenshot({ path: 'test-results/screenshots/media-console-panel-1280.png' });

    const phone = await browser.open(360);
    await signIn(phone.page, server.url, `/s/${sessionId}/moderate`, 'admin', server.adminPassword);
    await phone.page.getByRole('region', { name: 'Video trực tiếp' }).getByText('Đã mời', { exact: true }).waitFor();
    await screenshot(phone.page, 'media-console-360');
  }, 60_000);

  it('opens the studio with its devices, the stage and the media status', async () => {
    for (const width of [1280, 360]) {
      const { page } = await browser.open(width);
      await signIn(page, server.url, `/s/${sessionId}/studio`, 'admin', server.adminPassword);
      await page.getByLabel('Camera', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Bắt đầu phát' }).waitFor();
      expect(await page.getByRole('button', { name: 'Bắt đầu phát' }).isDisabled()).toBe(true);
      await page.getByText('Phòng đang mở').waitFor();
      await screenshot(page, `media-studio-${width}`);
    }
  });

  it('lets an administrator set restream destinations without ever showing a key back, and create an OBS input', async () => {
    const { page } = await browser.open(1280);
    await signIn(page, server.url, '/admin', 'admin', server.adminPassword);
    const sessions = page.getByRole('region', { name: 'Các buổi tọa đàm' });
    await sessions.getByRole('button', { name: 'Video & phát lại' }).first().click();
    const restream = page.getByRole('region', { name: 'Phát lại lên mạng xã hội' });
    await restream.getByRole('button', { name: 'Thêm điểm phát' }).click();
    await restream.getByLabel('Địa chỉ RTMP').fill('rtmp://a.rtmp.youtube.com/live2');
    await restream.getByLabel('Khóa luồng').fill('yt-secret-key-9876');
    await restream.getByRole('button', { name: 'Lưu điểm phát lại' }).click();
    await page.getByText('Đã lưu điểm phát lại.').waitFor();
    expect(await restream.getByLabel('Khóa luồng').inputValue()).toBe('');
    expect(await restream.getByLabel('Khóa luồng').getAttribute('placeholder')).toContain('••••9876');
    expect(await page.content()).not.toContain('yt-secret-key-9876');
    // A new address for the saved destination, its key left empty: saved, and the key is still the one stored.
    await restream.getByLabel('Địa chỉ RTMP').fill('rtmp://b.rtmp.youtube.com/live2');
    await restream.getByRole('button', { name: 'Lưu điểm phát lại' }).click();
    await expect.poll(() => restream.getByLabel('Địa chỉ RTMP').inputValue()).toBe('rtmp://b.rtmp.youtube.com/live2');
    await page.getByText('Đã lưu điểm phát lại.').waitFor();
    expect(await restream.getByLabel('Khóa luồng').getAttribute('placeholder')).toContain('••••9876');

    const ingress = page.getByRole('region', { name: 'Tạo đầu vào OBS' });
    await ingress.getByRole('button', { name: 'Tạo đầu vào RTMP' }).click();
    await ingress.getByText('rtmp://ingress.fake/x').waitFor();
    await ingress.getByRole('button', { name: 'Sao chép' }).first().waitFor();
    await screenshot(page, 'media-admin-1280');
  });

  it('logs no console errors or CSP violations beyond the unreachable LiveKit server', () => {
    const errors = browser.opened.flatMap((watched) => watched.errors);
    expect(errors.some((error) => isLiveKitFailure(error, lk.url))).toBe(true);
    expect(errors.filter((error) => !isLiveKitFailure(error, lk.url))).toEqual([]);
  });
});
