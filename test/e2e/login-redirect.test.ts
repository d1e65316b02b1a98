import { describe, expect, it } from 'vitest';
import { openPage, type WatchedPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

const suite = browserSuite();

describe('signing in with a next that points off the site', () => {
  // Raw query strings as an attacker would write the link: an encoded backslash, and a tab before a second slash.
  it.each(['/%5Cevil.example/', '/%09/evil.example/', '/%2F%2Fevil.example/'])('lands on the application for next=%s', async (next) => {
    const watched: WatchedPage = await openPage(suite.browser);
    const { page } = watched;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).host));
    await page.goto(`${suite.server.url}/login?next=${next}`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(suite.server.adminPassword);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(new URL(page.url()).origin).toBe(suite.server.url);
    expect(requested.filter((host) => host.includes('evil'))).toEqual([]);
    await watched.context.close();
  });
});
