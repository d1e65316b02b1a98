import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { verifyBackup } from '../../server/ops/backups.ts';
import type { BackupStatus } from '../../shared/schemas/operations.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, queryFile, until } from '../support/factory.ts';
import { captureLog } from '../support/log-capture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TOKEN = 'metrics-token-for-the-tests-0123';

const scheduled = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('toadam-auto-')).sort();

describe('scheduled backups', () => {
  const dirs: string[] = [];
  const servers: TestServer[] = [];
  const participants: Participant[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'toadam-backups-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(async () => {
    for (const p of participants) p.close();
    for (const s of servers) await s.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('takes one every interval, verifies it, keeps the newest BACKUP_KEEP and leaves hand-made copies alone', async () => {
    const dir = tempDir();
    const backupDir = join(dir, 'backups');
    mkdirSync(backupDir);
    // A copy an operator took by hand before an upgrade: pruning must leave it.
    writeFileSync(join(backupDir, 'toadam-20260101-000000.sqlite'), '');
    // About every 1.1 s (the setting allows fractions of an hour down to one second).
    const server = await startTestServer({ dir, env: { BACKUP_INTERVAL_HOURS: '0.0003', BACKUP_KEEP: '2', BACKUP_DIR: backupDir, METRICS_TOKEN: TOKEN } });
    servers.push(server);
    const alice = await resident(server.url);
    participants.push(alice);
    const asked = await ask(alice, server.demoSessionId, 'Câu hỏi phải nằm trong bản sao lưu theo lịch.');

    await until(async () => (await queryFile(server.dbPath, "SELECT id FROM backup_runs WHERE status = 'ok'")).length >= 4, Boolean, 'four good backups');
    const runs = await queryFile<{ started_at: string }>(server.dbPath, 'SELECT started_at FROM backup_runs ORDER BY id');
    for (let i = 1; i < runs.length; i += 1) {
      // Never two within the interval (1,080 ms).
      expect(Date.parse(runs[i]!.started_at) - Date.parse(runs[i - 1]!.started_at)).toBeGreaterThanOrEqual(1080);
    }
    await until(() => scheduled(backupDir).length === 2, Boolean, 'pruned to two');
    expect(readdirSync(backupDir)).toContain('toadam-20260101-000000.sqlite');
    const newest = join(backupDir, scheduled(backupDir).at(-1)!);
    await verifyBackup(newest);
    const copied = await queryFile<{ id: number }>(newest, 'SELECT id FROM questions WHERE id = ?', [asked.id]);
    expect(copied).toHaveLength(1);

    const admin = await staffMember(server.url, 'admin', server.adminPassword);
    participants.push(admin);
    const status = await admin.http.json<BackupStatus>('GET', '/api/admin/backups');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ enabled: true, intervalHours: 0.0003, keep: 2, lastFailure: null });
    expect(status.body.lastGood!.file).toMatch(/^toadam-auto-\d{8}-\d{6}-\d{3}\.sqlite$/);
    expect(status.body.lastGood!.sizeBytes).toBeGreaterThan(0);
    expect(status.body.lastGood!.ageSeconds).toBeLessThan(60);
    expect((await alice.http.request('GET', '/api/admin/backups')).status).toBe(401);

    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const age = /^toadam_backup_last_success_age_seconds (\S+)$/m.exec(metrics);
    expect(Number(age?.[1])).toBeGreaterThanOrEqual(0);
    expect(Number(age?.[1])).toBeLessThan(60);
  }, 90_000);

  it('logs a failed backup, shows it to administrators and counts it in /metrics', async () => {
    const dir = tempDir();
    // A folder that cannot be made: its parent is a file.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const server = await startTestServer({ dir, env: { BACKUP_INTERVAL_HOURS: '0.0003', BACKUP_DIR: join(dir, 'not-a-folder', 'backups'), METRICS_TOKEN: TOKEN } });
    servers.push(server);
    const admin = await staffMember(server.url, 'admin', server.adminPassword);
    participants.push(admin);
    await until(async () => (await admin.http.json<BackupStatus>('GET', '/api/admin/backups')).body.lastFailure !== null, Boolean, 'a failure recorded');
    const status = (await admin.http.json<BackupStatus>('GET', '/api/admin/backups')).body;
    expect(status.lastGood).toBeNull();
    expect(status.lastFailure!.error).toMatch(/ENOTDIR|not a directory/);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(Number(/^toadam_backup_failures_total (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/^toadam_backup_last_success_age_seconds \+Inf$/m);

    const log = captureLog();
    const config = loadConfig({ DATABASE_PATH: join(dir, 'logged.sqlite'), BACKUP_INTERVAL_HOURS: '1', BACKUP_DIR: join(dir, 'not-a-folder', 'x'), CLIENT_DIST: dir });
    const platform = await bootstrap(config, { logger: log.logger, autoSchedule: false });
    try {
      await until(() => log.lines.some((line) => line.msg === 'scheduled backup failed'), Boolean, 'the failure logged');
      const line = log.lines.find((l) => l.msg === 'scheduled backup failed')!;
      expect(line.level).toBe(50);
      expect(String((line.err as { message: string }).message)).toMatch(/ENOTDIR|not a directory/);
    } finally {
      await platform.close();
    }
  }, 60_000);

  it('takes one backup per interval between several processes on one database', async () => {
    const dir = tempDir();
    const env = { BACKUP_INTERVAL_HOURS: '1' };
    const first = await startTestServer({ dir, env });
    servers.push(first);
    await until(async () => (await queryFile(first.dbPath, "SELECT id FROM backup_runs WHERE status = 'ok'")).length === 1, Boolean, 'the first backup');
    const second = await startTestServer({ dir, env });
    servers.push(second);
    expect(await second.platform.app.backups!.runIfDue()).toBe('not-due');
    expect(await first.platform.app.backups!.runIfDue()).toBe('not-due');
    expect(await queryFile(first.dbPath, 'SELECT id FROM backup_runs')).toHaveLength(1);
  }, 60_000);

  it('refuses a backup that fails the integrity check', async () => {
    const dir = tempDir();
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, 'SQLite format 3\0'.padEnd(4096, 'x'));
    await expect(verifyBackup(file)).rejects.toThrow();
  });

  it('validates the settings', () => {
    expect(() => loadConfig({ BACKUP_INTERVAL_HOURS: '0' })).toThrow(/BACKUP_INTERVAL_HOURS/);
    expect(() => loadConfig({ BACKUP_INTERVAL_HOURS: 'daily' })).toThrow(/BACKUP_INTERVAL_HOURS/);
    expect(() => loadConfig({ BACKUP_INTERVAL_HOURS: '24', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
    expect(loadConfig({ BACKUP_INTERVAL_HOURS: '0.5', DATABASE_PATH: '/srv/x/db.sqlite' }).backups).toEqual({ dir: '/srv/x/backups', intervalMs: 1_800_000, keep: 7 });
    expect(loadConfig({}).backups).toBeNull();
  });
});
