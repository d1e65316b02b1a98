import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { RateLimits } from './limits/command-limiter.ts';
import type { SmsConfig } from './notify/sms.ts';
import type { ZnsConfig } from './notify/zns.ts';

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('./data/toadam.sqlite'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ALLOWED_ORIGINS: csv.pipe(z.array(z.url({ protocol: /^https?$/ }))),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUESTIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
  VOTES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  QUESTIONS_PER_MINUTE_PER_IP: z.coerce.number().int().min(1).max(100_000).default(60),
  VOTES_PER_MINUTE_PER_IP: z.coerce.number().int().min(1).max(10_000_000).default(6000),
  RESIDENT_ID_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  CLIENT_DIST: z.string().default('./dist/client'),
  RECORDINGS_DIR: z.string().default('./data/recordings'),
  ATTACHMENTS_DIR: z.string().optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // Fractions are allowed (0.5 is every half hour), down to one second so a test can watch several runs.
  BACKUP_INTERVAL_HOURS: z.coerce
    .number()
    .min(1 / 3600, 'must be at least 1/3600 (one second), e.g. 24 for daily')
    .max(24 * 366, 'must be at most a year in hours')
    .optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  BACKUP_DIR: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  FANOUT: z.enum(['coalesced', 'naive']).default('coalesced'),
  WRITE_BATCH_MAX: z.coerce.number().int().min(1).max(10_000).default(256),
  LIVEKIT_URL: z.url({ protocol: /^(wss?|https?)$/ }).optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  LIVEKIT_ROOM_RETRY_SECONDS: z
    .string()
    .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?){0,9}\s*$/, 'must be up to ten waits in seconds, comma-separated, e.g. 2,5,15,30')
    .default('2,5,15,30')
    .transform((list) => list.split(',').map((s) => Math.min(600, Number(s)) * 1000)),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMTP_REPLY_TO: z.string().min(3).optional(),
  ZNS_APP_ID: z.string().min(1).optional(),
  ZNS_SECRET_KEY: z.string().min(1).optional(),
  ZNS_REFRESH_TOKEN: z.string().min(1).optional(),
  ZNS_TEMPLATES: z
    .string()
    .regex(/^\s*[a-z_]+:\d+(\s*,\s*[a-z_]+:\d+)*\s*$/, 'must be kind:templateId pairs, comma-separated, e.g. approved:123456,answered_written:123457')
    .optional(),
  ZNS_API_URL: z.url({ protocol: /^https?$/ }).default('https://business.openapi.zalo.me'),
  ZNS_OAUTH_URL: z.url({ protocol: /^https?$/ }).default('https://oauth.zaloapp.com'),
  SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_KEY: z.string().min(1).optional(),
  SMS_SENDER: z.string().min(1).max(11).optional(),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  NOTIFY_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3600).default(30),
  NOTIFY_PER_CONTACT_PER_DAY: z.coerce.number().int().min(1).max(100).default(10),
  NOTIFY_CONTACT_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  NOTIFY_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(120),
});

const LIVEKIT_VARS = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const;

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** Cookie-signing secret; when unset one is generated and kept in the database. */
  sessionSecret: string | undefined;
  allowedOrigins: string[];
  trustProxy: boolean;
  /** Bearer token that opens GET /metrics; without it /metrics does not exist. */
  metricsToken: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  limits: RateLimits;
  /** Months after a session ends when its questions' and votes' resident ids are replaced by unlinked ones. */
  residentIdRetentionMonths: number;
  clientDist: string;
  /** Recordings served at /recordings/ for the archive (MP4 files, with HTTP range requests). */
  recordingsDir: string;
  /** Answers' attachments; beside the database unless set. */
  attachmentsDir: string;
  seedDemo: boolean;
  /** Scheduled, verified backups; null when BACKUP_INTERVAL_HOURS is unset. */
  backups: { dir: string; intervalMs: number; keep: number } | null;
  /** When set, several server processes share rooms and broadcasts through Redis Streams. */
  redisUrl: string | undefined;
  /** Server processes behind the one port (`server/cluster.ts`); 1 runs everything in this process. */
  workers: number;
  /** `naive` sends every vote's count to every viewer at once: a benchmark baseline, never for production. */
  fanout: 'coalesced' | 'naive';
  /** Most writes one commit may carry; 1 turns group commit off (a benchmark baseline). */
  writeBatchMax: number;
  /** The LiveKit server for live video; null turns live video off and everything else keeps working. */
  livekit: LiveKitConfig | null;
  /**
   * The platform's address as residents reach it (e.g. https://toadam.phuong.gov.vn), for links in messages and the
   * start-up report; ALLOWED_ORIGINS' first when unset.
   */
  publicUrl: string | null;
  notify: NotifyConfig;
}

export interface NotifyConfig {
  /** E-mail through SMTP; null turns e-mail off. */
  email: { url: string; from: string; replyTo: string | undefined } | null;
  /** Zalo Notification Service; null turns Zalo off. */
  zns: ZnsConfig | null;
  /** SMS through an HTTP gateway; null turns SMS off. */
  sms: SmsConfig | null;
  maxAttempts: number;
  retryBaseMs: number;
  perContactPerDay: number;
  /** How long a delivery attempt holds its notification; one cut short by a crash is retried after it. */
  leaseMs: number;
  /** Days a contact is kept after its question's follow-up ends, so a reopened answer is still told. */
  contactGraceDays: number;
}

export interface LiveKitConfig {
  /** Where the server calls LiveKit's API (http/https). */
  apiUrl: string;
  /** What browsers connect to (ws/wss). */
  clientUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Waits before each new attempt to open a session's room when LiveKit refuses or cannot be reached. */
  roomRetryDelaysMs: number[];
}

export class ConfigError extends Error {}

/** Reads the environment once; the only place in the server that looks at `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const livekitSet = LIVEKIT_VARS.filter((name) => e[name] !== undefined);
  if (livekitSet.length > 0 && livekitSet.length < LIVEKIT_VARS.length) {
    const missing = LIVEKIT_VARS.filter((name) => e[name] === undefined);
    throw new ConfigError(
      `Invalid configuration in environment variables:\n  live video needs all of ${LIVEKIT_VARS.join(', ')} or none; ` +
        `${livekitSet.join(', ')} set but ${missing.join(', ')} missing`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    sessionSecret: e.SESSION_SECRET,
    allowedOrigins: e.ALLOWED_ORIGINS.map((origin) => new URL(origin).origin),
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    limits: {
      questionsPerMinute: e.QUESTIONS_PER_MINUTE,
      votesPerMinute: e.VOTES_PER_MINUTE,
      questionsPerMinutePerIp: e.QUESTIONS_PER_MINUTE_PER_IP,
      votesPerMinutePerIp: e.VOTES_PER_MINUTE_PER_IP,
    },
    residentIdRetentionMonths: e.RESIDENT_ID_RETENTION_MONTHS,
    clientDist: e.CLIENT_DIST,
    recordingsDir: e.RECORDINGS_DIR,
    attachmentsDir: e.ATTACHMENTS_DIR ?? join(dirname(e.DATABASE_PATH), 'attachments'),
    seedDemo: e.SEED_DEMO,
    backups:
      e.BACKUP_INTERVAL_HOURS === undefined
        ? null
        : {
            dir: e.BACKUP_DIR ?? join(dirname(e.DATABASE_PATH), 'backups'),
            intervalMs: Math.round(e.BACKUP_INTERVAL_HOURS * 3_600_000),
            keep: e.BACKUP_KEEP,
          },
    redisUrl: e.REDIS_URL,
    workers: e.WORKERS,
    fanout: e.FANOUT,
    writeBatchMax: e.WRITE_BATCH_MAX,
    livekit:
      e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
        ? {
            apiUrl: e.LIVEKIT_URL.replace(/^ws/, 'http'),
            clientUrl: e.LIVEKIT_URL.replace(/^http/, 'ws'),
            apiKey: e.LIVEKIT_API_KEY,
            apiSecret: e.LIVEKIT_API_SECRET,
            roomRetryDelaysMs: e.LIVEKIT_ROOM_RETRY_SECONDS,
          }
        : null,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? (e.ALLOWED_ORIGINS[0] ? new URL(e.ALLOWED_ORIGINS[0]).origin : null),
    notify: {
      email: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? 'Tọa đàm <no-reply@localhost>', replyTo: e.SMTP_REPLY_TO } : null,
      zns:
        e.ZNS_APP_ID && e.ZNS_SECRET_KEY && e.ZNS_REFRESH_TOKEN && e.ZNS_TEMPLATES
          ? {
              apiUrl: e.ZNS_API_URL.replace(/\/+$/, ''),
              oauthUrl: e.ZNS_OAUTH_URL.replace(/\/+$/, ''),
              appId: e.ZNS_APP_ID,
              secretKey: e.ZNS_SECRET_KEY,
              refreshToken: e.ZNS_REFRESH_TOKEN,
              templates: Object.fromEntries(e.ZNS_TEMPLATES.split(',').map((pair) => pair.trim().split(':') as [string, string])),
            }
          : null,
      sms: e.SMS_URL && e.SMS_KEY ? { url: e.SMS_URL, key: e.SMS_KEY, sender: e.SMS_SENDER } : null,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: e.NOTIFY_RETRY_BASE_SECONDS * 1000,
      perContactPerDay: e.NOTIFY_PER_CONTACT_PER_DAY,
      leaseMs: e.NOTIFY_LEASE_SECONDS * 1000,
      contactGraceDays: e.NOTIFY_CONTACT_GRACE_DAYS,
    },
  };
}
