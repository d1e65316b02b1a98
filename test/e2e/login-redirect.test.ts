import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type WatchedPage } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

describe('signing in with a next that points off the site', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Raw query strings as an attacker would write the link: an encoded backslash, and a tab before a second slash.
  it.each(['/%5Cevil.example/', '/%09/evil.example/', '/%2F%2Fevil.example/'])('lands on the application for next=%s', async (next) => {
    const watched: WatchedPage = await openPage(browser);
    const { page } = watched;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).host));
    await page.goto(`${server.url}/login?next=${next}`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(requested.filter((host) => host.includes('evil'))).toEqual([]);
    await watched.context.close();
  });
});
