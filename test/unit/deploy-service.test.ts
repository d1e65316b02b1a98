import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const UNIT = 'deploy/toadam.service';

function settings(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of readFileSync(UNIT, 'utf8').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) map.set(match[1]!, [...(map.get(match[1]!) ?? []), match[2]!]);
  }
  return map;
}

describe('deploy/toadam.service', () => {
  it('runs the compiled server as its own user, restarts on failure and stops gracefully', () => {
    const unit = settings();
    expect(unit.get('User')).toEqual(['toadam']);
    expect(unit.get('ExecStart')![0]).toMatch(/node dist\/node\/server\/index\.js$/);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(unit.get('KillSignal')).toEqual(['SIGTERM']);
    // The graceful shutdown takes up to 5 s of draining and 5 s of closing sockets (server/app.ts close()).
    expect(Number.parseInt(unit.get('TimeoutStopSec')![0]!, 10)).toBeGreaterThanOrEqual(15);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('ReadWritePaths')).toEqual(['/var/lib/toadam']);
    expect(unit.get('Environment')!.join(' ')).toContain('DATABASE_PATH=/var/lib/toadam/');
  });

  it.runIf(existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify without a warning', () => {
    const run = spawnSync('/usr/bin/systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
  });
});
