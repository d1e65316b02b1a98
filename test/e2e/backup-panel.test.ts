import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, signIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SHOTS = process.env.SHOTS_DIR;

describe('the backup panel on the admin page', () => {
  let browser: Browser;
  const servers: TestServer[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function adminPage(server: TestServer, width: number) {
    const watched = await openPage(browser, { width });
    await signIn(watched.page, server.url, '/admin', 'admin', server.adminPassword);
    return watched;
  }

  it("shows the last good backup's age to administrators", async () => {
    const server = await startTestServer({ env: { BACKUP_INTERVAL_HOURS: '24', BACKUP_KEEP: '3' } });
    servers.push(server);
    const { page, errors } = await adminPage(server, 1280);
    const panel = page.getByRole('region', { name: 'Sao lưu dữ liệu' });
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain('Bản tốt gần nhất: cách đây 0 phút');
    expect(await panel.innerText()).toContain('Tự động mỗi 24 giờ, giữ 3 bản mới nhất.');
    expect(await panel.locator('.alert').count()).toBe(0);
    for (const width of SHOTS ? [360, 1280] : []) {
      await page.setViewportSize({ width, height: 900 });
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS!, `admin-backups-${width}.png`) });
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a failed backup as an alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toadam-backup-panel-'));
    // The folder for the copies cannot be made: its parent is a file.
    writeFileSync(join(dir, 'blocked'), '');
    const failing = await startTestServer({ dir, env: { BACKUP_INTERVAL_HOURS: '24', BACKUP_DIR: join(dir, 'blocked', 'backups') } });
    servers.push(failing);
    dirs.push(dir);
    const { page, errors } = await adminPage(failing, 360);
    const alert = page.getByRole('region', { name: 'Sao lưu dữ liệu' }).locator('.alert');
    await expect.poll(async () => (await alert.count()) > 0 && (await alert.first().innerText()), { timeout: 20_000 }).toMatch(/^Lần sao lưu lúc .* bị lỗi: .*(ENOTDIR|not a directory)/);
    if (SHOTS) {
      await alert.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'admin-backups-failed-360.png') });
    }
    expect(errors).toEqual([]);
  }, 60_000);
});
