import { describe, expect, it } from 'vitest';
import { ageParts, backupHealth } from '../../client/src/lib/admin/backups.ts';
import type { BackupStatus } from '../../shared/schemas/operations.ts';

const base: BackupStatus = { enabled: true, intervalHours: 24, keep: 7, lastGood: null, lastFailure: null };
const good = (at: string, ageSeconds: number) => ({ at, file: 'toadam-auto-x.sqlite', sizeBytes: 4096, ageSeconds });

describe('the backup panel', () => {
  it('says how the backups stand', () => {
    expect(backupHealth({ ...base, enabled: false })).toBe('off');
    expect(backupHealth(base)).toBe('none');
    expect(backupHealth({ ...base, lastGood: good('2026-12-07T01:00:00.000Z', 3600) })).toBe('ok');
    // Older than two intervals: the schedule has stopped.
    expect(backupHealth({ ...base, lastGood: good('2026-12-04T01:00:00.000Z', 49 * 3600) })).toBe('stale');
    // A failure after the last good copy is the news; one before it is history.
    const failure = { at: '2026-12-07T02:00:00.000Z', error: 'ENOSPC' };
    expect(backupHealth({ ...base, lastGood: good('2026-12-07T01:00:00.000Z', 3600), lastFailure: failure })).toBe('failing');
    expect(backupHealth({ ...base, lastGood: good('2026-12-07T03:00:00.000Z', 60), lastFailure: failure })).toBe('ok');
    expect(backupHealth({ ...base, lastFailure: failure })).toBe('failing');
  });

  it('gives an age in a readable unit', () => {
    expect(ageParts(59)).toEqual({ key: 'admin.ageMinutes', n: 0 });
    expect(ageParts(119 * 60)).toEqual({ key: 'admin.ageMinutes', n: 119 });
    expect(ageParts(2 * 3600)).toEqual({ key: 'admin.ageHours', n: 2 });
    expect(ageParts(47 * 3600 + 3599)).toEqual({ key: 'admin.ageHours', n: 47 });
    expect(ageParts(3 * 86400)).toEqual({ key: 'admin.ageDays', n: 3 });
  });
});
