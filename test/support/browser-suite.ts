import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type WatchedPage } from './browser.ts';
import { staffMember, type Participant } from './clients.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './server.ts';

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  /** The administrator's socket and HTTP client; only with `admin: true`. */
  admin: Participant;
  /** Every page `open` gave out, so the suite's last test can check their console errors. */
  opened: WatchedPage[];
  /** A fresh profile (its own resident) at `width`; a phone-sized height below 600 px unless `height` is given. */
  open(width?: number, height?: number): Promise<WatchedPage>;
}

/**
 * The set-up every browser test shares, registered as the suite's first beforeAll and its afterAll: a test
 * server and the system Chromium started side by side, the administrator signed in when asked, and all of it
 * closed afterwards. Call it inside `describe`, before the suite's own hooks, which then see it started.
 */
export function browserSuite(options: { server?: () => TestServerOptions; browserArgs?: string[]; admin?: boolean } = {}): BrowserSuite {
  const suite = { opened: [] as WatchedPage[] } as BrowserSuite;
  suite.open = async function open(width = 1280, height) {
    const watched = await openPage(suite.browser, { width, height: height ?? (width < 600 ? 780 : 900) });
    suite.opened.push(watched);
    return watched;
  };
  beforeAll(async () => {
    [suite.server, suite.browser] = await Promise.all([startTestServer(options.server?.()), launchBrowser(options.browserArgs)]);
    if (options.admin) suite.admin = await staffMember(suite.server.url, 'admin', suite.server.adminPassword);
  });
  afterAll(async () => {
    suite.admin?.close();
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
