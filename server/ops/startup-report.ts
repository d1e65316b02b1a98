import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

/**
 * File systems on which SQLite's locks and WAL shared memory do not hold (SQLite's own advice: never over a
 * network), so two writers or a crash can corrupt the database.
 */
const NETWORK_FS = /^(nfs4?|cifs|smb3?|smbfs|fuse\.sshfs|sshfs|9p|afs|ceph|fuse\.ceph|glusterfs|fuse\.glusterfs|lustre|davfs|fuse\.davfs2?|fuse\.s3fs|fuse\.rclone|gcsfuse|fuse\.gcsfuse)$/;

export interface StartupReport {
  /** What is on and off, one line each, for the operator reading the log. */
  facts: string[];
  /** Settings that look wrong for production. */
  warnings: string[];
}

/** `/proc/mounts` escapes spaces and the like as octal (`\040`). */
function unescapeMount(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The file system type of the mount holding `path` (the longest mount point that contains it). */
export function fileSystemOf(path: string, mounts: string): { type: string; mountPoint: string } | null {
  let best: { type: string; mountPoint: string } | null = null;
  for (const line of mounts.split('\n')) {
    const [, rawPoint, type] = line.split(' ');
    if (!rawPoint || !type) continue;
    const mountPoint = unescapeMount(rawPoint);
    const inside = mountPoint === '/' || path === mountPoint || path.startsWith(mountPoint + sep);
    // A later line for the same point is mounted over the earlier one.
    if (inside && (!best || mountPoint.length >= best.mountPoint.length)) best = { type, mountPoint };
  }
  return best;
}

function databaseFolder(databasePath: string): string {
  const folder = dirname(resolve(databasePath));
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

export function buildStartupReport(config: Config, options: { mounts: string | null }): StartupReport {
  const facts: string[] = [];
  const warnings: string[] = [];

  facts.push(
    config.livekit
      ? `live video: on (LiveKit at ${new URL(config.livekit.apiUrl).host})`
      : 'live video: off (LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not set; residents see the external stream link when one is set, otherwise an "audio/video not available" notice)',
  );
  facts.push(config.redisUrl ? `Redis: on (${new URL(config.redisUrl).host}; rooms and broadcasts shared with other processes)` : 'Redis: off (one process; set REDIS_URL to run several)');
  const channels = [
    ['e-mail', config.notify.email, 'SMTP_URL'],
    ['Zalo', config.notify.zns, 'ZNS_APP_ID, ZNS_SECRET_KEY, ZNS_REFRESH_TOKEN and ZNS_TEMPLATES'],
    ['SMS', config.notify.sms, 'SMS_URL and SMS_KEY'],
  ] as const;
  const on = channels.filter(([, set]) => set).map(([name]) => name);
  const off = channels.filter(([, set]) => !set).map(([name, , vars]) => `${name} (${vars})`);
  facts.push(
    on.length === 0
      ? `notifications: off, no channel is set: ${off.join('; ')}; residents follow their questions on the site`
      : `notifications: on by ${on.join(', ')}${off.length ? `; off: ${off.join('; ')}` : ''}`,
  );
  facts.push(
    config.backups
      ? `backups: every ${config.backups.intervalMs / 3_600_000} h into ${config.backups.dir}, newest ${config.backups.keep} kept`
      : 'backups: off (set BACKUP_INTERVAL_HOURS, or take them with npm run backup)',
  );
  facts.push(`public URL: ${config.publicUrl ?? 'not set (PUBLIC_URL)'}`);
  facts.push(config.metricsToken ? 'metrics: on (GET /metrics with the METRICS_TOKEN bearer token)' : 'metrics: off (set METRICS_TOKEN)');

  if (config.publicUrl?.startsWith('https:') && !config.trustProxy) {
    warnings.push(
      `PUBLIC_URL is https but TRUST_PROXY is not true, and this server speaks plain http: behind a proxy that terminates HTTPS, set TRUST_PROXY=true, or cookies lose Secure and every resident counts as the proxy's address for the rate limits`,
    );
  }
  if (config.publicUrl?.startsWith('http:') && !/^http:\/\/(localhost|127\.|\[::1\])/.test(config.publicUrl)) {
    warnings.push(`PUBLIC_URL is plain http (${config.publicUrl}): residents' and staff's passwords and cookies cross the network unencrypted`);
  }
  if (!config.sessionSecret) {
    warnings.push('SESSION_SECRET is not set: the cookie secret is generated and kept in the database, so every backup carries it; set SESSION_SECRET (32 characters or more) from a secret store');
  }
  if (config.fanout === 'naive') warnings.push('FANOUT=naive is a benchmark baseline: every vote goes to every viewer at once');
  if (config.writeBatchMax === 1) warnings.push('WRITE_BATCH_MAX=1 turns group commit off: a benchmark baseline');

  if (options.mounts !== null) {
    const folder = databaseFolder(config.databasePath);
    const fs = fileSystemOf(folder, options.mounts);
    if (fs && NETWORK_FS.test(fs.type)) {
      warnings.push(
        `the database folder ${folder} is on a network file system (${fs.type} at ${fs.mountPoint}): SQLite's locking does not hold there and the database can be corrupted; keep DATABASE_PATH on a local disk`,
      );
    }
  }
  return { facts, warnings };
}

function readMounts(): string | null {
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    // Not Linux: the check is skipped rather than guessed.
    return null;
  }
}

/** Logs what is on and off, then each setting that looks wrong for production, once at start-up. */
export function logStartupReport(config: Config, logger: Logger, mounts: string | null = readMounts()): StartupReport {
  const report = buildStartupReport(config, { mounts });
  for (const fact of report.facts) logger.info(fact);
  for (const warning of report.warnings) logger.warn(`production check: ${warning}`);
  return report;
}

/**
 * The start-up report can only guess a proxy from PUBLIC_URL; the first request that arrives through one
 * (X-Forwarded-For set) while TRUST_PROXY is off proves it, and is said once.
 */
export function warnOnUntrustedProxy(logger: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn(
        { from: req.socket.remoteAddress },
        'production check: a request came through a proxy (X-Forwarded-For) but TRUST_PROXY is not true: cookies lose Secure, and every resident counts as the proxy\'s address for the rate limits',
      );
    }
    next();
  };
}
