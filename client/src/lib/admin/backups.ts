import type { BackupStatus } from '../../../../shared/schemas/operations.ts';
import type { MessageKey } from '../i18n/index.svelte.ts';

/**
 * How the backups stand: `failing` when the newest run failed, `stale` when the last good copy is older than two
 * intervals (the schedule has stopped: the server was down, or every process was restarted too often), `none`
 * before the first good copy.
 */
export type BackupHealth = 'off' | 'none' | 'failing' | 'stale' | 'ok';
export function backupHealth(status: BackupStatus): BackupHealth {
  const { lastGood, lastFailure } = status;
  if (lastFailure && (!lastGood || lastFailure.at > lastGood.at)) return 'failing';
  if (!status.enabled) return 'off';
  if (!lastGood) return 'none';
  if (status.intervalHours !== null && lastGood.ageSeconds > 2 * status.intervalHours * 3600) return 'stale';
  return 'ok';
}

/** An age in the largest unit that keeps it readable: minutes up to two hours, hours up to two days, then days. */
export function ageParts(seconds: number): { key: MessageKey; n: number } {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return { key: 'admin.ageMinutes', n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { key: 'admin.ageHours', n: hours };
  return { key: 'admin.ageDays', n: Math.floor(hours / 24) };
}
