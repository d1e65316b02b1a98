import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { fileSystemOf, logStartupReport } from '../../server/ops/startup-report.ts';
import { startFakeLiveKit } from '../support/fake-livekit.ts';
import { captureLog } from '../support/log-capture.ts';

const INFO = 30;
const WARN = 40;

describe('start-up report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toadam-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs what is off and warns about a bare production set-up, on a real start', async () => {
    const log = captureLog();
    const config = loadConfig({ DATABASE_PATH: join(dir, 'bare.sqlite'), PUBLIC_URL: 'https://toadam.example.vn/', CLIENT_DIST: dir });
    const platform = await bootstrap(config, { logger: log.logger, autoSchedule: false });
    await platform.close();
    const infos = log.lines.filter((l) => l.level === INFO).map((l) => l.msg);
    const warnings = log.lines.filter((l) => l.level === WARN).map((l) => l.msg);
    expect(infos).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^live video: off/),
        expect.stringMatching(/^Redis: off/),
        expect.stringMatching(/^notifications: off, no channel is set: e-mail \(SMTP_URL\); Zalo .*; SMS \(SMS_URL and SMS_KEY\)/),
        expect.stringMatching(/^backups: off/),
        'public URL: https://toadam.example.vn',
        expect.stringMatching(/^metrics: off/),
      ]),
    );
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/PUBLIC_URL is https but TRUST_PROXY is not true/), expect.stringMatching(/SESSION_SECRET is not set/)]),
    );
    // Said once, by the report, not again by the media service.
    expect(log.lines.filter((l) => /live video/i.test(l.msg) && /off/.test(l.msg))).toHaveLength(1);
  });

  it('says what is on, and has nothing to warn about when set up for production', async () => {
    const livekit = await startFakeLiveKit();
    try {
      const log = captureLog();
      const config = loadConfig({
        ...livekit.env,
        DATABASE_PATH: join(dir, 'prod.sqlite'),
        CLIENT_DIST: dir,
        PUBLIC_URL: 'https://toadam.example.vn',
        TRUST_PROXY: 'true',
        SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
        BACKUP_INTERVAL_HOURS: '24',
        BACKUP_KEEP: '14',
        METRICS_TOKEN: 'metrics-token-0123456789',
        SMTP_URL: 'smtp://127.0.0.1:2525',
      });
      const platform = await bootstrap(config, { logger: log.logger, autoSchedule: false });
      await platform.close();
      const infos = log.lines.filter((l) => l.level === INFO).map((l) => l.msg);
      expect(infos).toEqual(
        expect.arrayContaining([
          `live video: on (LiveKit at ${new URL(livekit.url).host})`,
          `backups: every 24 h into ${join(dir, 'backups')}, newest 14 kept`,
          expect.stringMatching(/^metrics: on/),
          expect.stringMatching(/^notifications: on by e-mail; off: Zalo .*; SMS/),
        ]),
      );
      expect(log.lines.filter((l) => l.level >= WARN).map((l) => l.msg)).toEqual([]);
    } finally {
      await livekit.close();
    }
  });

  it('warns once when a request arrives through a proxy while TRUST_PROXY is off', async () => {
    const log = captureLog();
    const config = loadConfig({ DATABASE_PATH: join(dir, 'proxied.sqlite'), CLIENT_DIST: dir, SESSION_SECRET: 'a-session-secret-of-at-least-32-characters' });
    const platform = await bootstrap(config, { logger: log.logger, autoSchedule: false });
    const server = platform.app.httpServer;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const proxyWarnings = () => log.lines.filter((l) => l.level === WARN && /came through a proxy/.test(l.msg));
      await fetch(`${url}/healthz`);
      expect(proxyWarnings()).toHaveLength(0);
      for (let i = 0; i < 3; i += 1) await fetch(`${url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(proxyWarnings()).toHaveLength(1);
    } finally {
      await platform.close();
    }
  });

  it('warns when the database is on a network file system', () => {
    const mounts = [
      'sysfs /sys sysfs rw,nosuid 0 0',
      '/dev/sda1 / ext4 rw,relatime 0 0',
      'nas:/export /srv/shared nfs4 rw,relatime,vers=4.2 0 0',
      '//filer/toa\\040dam /mnt/toa\\040dam cifs rw 0 0',
      'user@host:/data /mnt/ssh fuse.sshfs rw 0 0',
    ].join('\n');
    const cases: Array<[string, string | null]> = [
      ['/srv/shared/toadam/toadam.sqlite', 'nfs4'],
      ['/mnt/toa dam/toadam.sqlite', 'cifs'],
      ['/mnt/ssh/db/toadam.sqlite', 'fuse.sshfs'],
      ['/srv/shared-not/toadam.sqlite', null],
      ['/var/lib/toadam/toadam.sqlite', null],
    ];
    for (const [path, fsType] of cases) {
      const log = captureLog();
      logStartupReport(loadConfig({ DATABASE_PATH: path, SESSION_SECRET: 'a-session-secret-of-at-least-32-characters' }), log.logger, mounts);
      const warnings = log.lines.filter((l) => l.level === WARN).map((l) => l.msg);
      if (fsType) expect(warnings, path).toEqual([expect.stringContaining(`network file system (${fsType}`)]);
      else expect(warnings, path).toEqual([]);
    }
    expect(fileSystemOf('/srv/shared', mounts)).toEqual({ type: 'nfs4', mountPoint: '/srv/shared' });
  });
});
