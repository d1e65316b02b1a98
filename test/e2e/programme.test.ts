import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/schemas/session.ts';
import { zonedYearMonth } from '../../shared/time.ts';
import { screenshot } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

/** The month `offset` months after this one in Vietnam time, as YYYY-MM. */
function monthKey(offset: number): string {
  const { year, month } = zonedYearMonth(new Date());
  const index = month - 1 + offset;
  return `${year + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const THEMES = ['Y tế cơ sở và tiêm chủng', 'Thu gom rác và vệ sinh môi trường', 'Học phí và trường lớp'];

describe('programme page and its embed', () => {
  const suite = browserSuite({ admin: true });
  let unitId: number;
  let created: Session[] = [];

  beforeAll(async () => {
    unitId = suite.server.platform.demo!.unitId;
    const themes = THEMES.map((theme, i) => ({ month: monthKey(i + 1), theme }));
    const saved = await suite.admin.http.json('PUT', '/api/admin/programme', {
      rule: { nth: 3, weekday: 4, startTime: '14:00', durationMinutes: 120, openDaysBefore: 7 },
      themes,
    });
    expect(saved.status).toBe(200);
    const generated = await suite.admin.http.json<{ created: Session[] }>('POST', '/api/admin/programme/generate', { from: monthKey(1), months: 3 });
    expect(generated.status).toBe(201);
    created = generated.body.created;
    expect(created.map((s) => s.theme)).toEqual(THEMES);
  });

  it('shows the next session with a countdown, the generated sessions, the themes and working .ics links', async () => {
    const { page } = await suite.open(1280);
    await page.goto(suite.server.url + '/');
    await page.getByRole('heading', { name: 'Lịch tọa đàm' }).waitFor();

    // The demo session is open for questions: it is next, with its countdown and the call to ask ahead.
    const next = page.getByRole('region', { name: 'Trật tự đô thị và vỉa hè' });
    await next.getByRole('link', { name: 'Đặt câu hỏi trước' }).waitFor();
    const timer = next.getByRole('timer');
    expect(await timer.getAttribute('aria-label')).toMatch(/^Còn \d+ ngày \d+ giờ \d+ phút nữa bắt đầu$/);
    expect(await timer.getAttribute('aria-live')).toBeNull();

    const upcoming = page.getByRole('region', { name: 'Các buổi tiếp theo' });
    for (const theme of THEMES) await upcoming.getByRole('link', { name: theme, exact: true }).waitFor();
    expect(await upcoming.getByRole('link', { name: /^Thêm vào lịch:/ }).count()).toBe(THEMES.length);

    // The themes of the year ahead, month by month.
    const themesRegion = page.getByRole('region', { name: 'Chủ đề 12 tháng tới' });
    await themesRegion.getByText(THEMES[0]!).waitFor();

    const sessionIcs = await upcoming.getByRole('link', { name: `Thêm vào lịch: ${THEMES[0]}` }).getAttribute('href');
    expect(sessionIcs).toBe(`/api/sessions/${created[0]!.id}/calendar.ics`);
    const feed = await page.getByRole('link', { name: 'Theo dõi lịch' }).first().getAttribute('href');
    expect(feed).toBe(`/api/units/${unitId}/calendar.ics`);
    for (const href of [sessionIcs!, feed!]) {
      const text = await page.evaluate(async (url) => (await fetch(url)).text(), href);
      expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    }
    // iCalendar folds long lines; unfolded, the feed carries every generated session.
    const unfolded = (await page.evaluate(async (url) => (await fetch(url)).text(), feed!)).replace(/\r\n[ \t]/g, '');
    for (const theme of THEMES) expect(unfolded).toContain(theme);
  });

  for (const width of [360, 1280] as const) {
    it(`renders the programme and the embed at ${width} px`, async () => {
      const { page } = await suite.open(width);
      await page.goto(suite.server.url + '/');
      await page.getByRole('link', { name: 'Đặt câu hỏi trước' }).waitFor();
      await screenshot(page, `programme-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      const response = await page.goto(`${suite.server.url}/embed/programme/${unitId}`);
      expect(response?.headers()['content-security-policy']).toContain('frame-ancestors *');
      await page.getByRole('heading', { name: 'Lịch tọa đàm' }).waitFor();
      await page.getByRole('link', { name: 'Đặt câu hỏi trước' }).waitFor();
      // No top bar in the embed, and every link leaves the iframe for a new tab.
      expect(await page.getByRole('link', { name: 'Đăng nhập cán bộ' }).count()).toBe(0);
      const links = await page.locator('a[href^="/s/"]').evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('target'), a.getAttribute('rel')]));
      expect(links.length).toBeGreaterThan(0);
      for (const [target, rel] of links) expect([target, rel]).toEqual(['_blank', 'noopener']);
      await screenshot(page, `embed-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  }

  it('can be framed by the ward portal (another origin) through /embed', async () => {
    // A stand-in for the ward's portal on another port: a page that frames the embed.
    const portal = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>Cổng thông tin phường</title><iframe id="f" title="Lịch tọa đàm" src="${suite.server.url}/embed/programme/${unitId}" width="600" height="700"></iframe>`);
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    try {
      const { page } = await suite.open(1280);
      await page.goto(`http://localhost:${(portal.address() as AddressInfo).port}/`);
      const frame = page.frameLocator('#f');
      await frame.getByRole('heading', { name: 'Lịch tọa đàm' }).waitFor();
      await frame.getByRole('link', { name: 'Đặt câu hỏi trước' }).waitFor();
    } finally {
      portal.close();
    }
  });

  it('speaks English in the embed when the portal asks for it', async () => {
    const { page } = await suite.open(360);
    await page.goto(`${suite.server.url}/embed/programme/${unitId}?lang=en`);
    await page.getByRole('heading', { name: 'Town hall programme' }).waitFor();
    await page.getByRole('link', { name: 'Ask a question ahead' }).waitFor();
  });

  it('logs no console errors or CSP violations', () => {
    expect(suite.opened.flatMap((watched) => watched.errors)).toEqual([]);
  });
});
