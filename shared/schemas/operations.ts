import { z } from 'zod';

/** What administrators see of the scheduled backups (`GET /api/admin/backups`). */
export const BackupStatus = z.object({
  enabled: z.boolean(),
  intervalHours: z.number().nullable(),
  keep: z.number().int(),
  /** The newest backup that was written and passed its integrity check. */
  lastGood: z.object({ at: z.string(), file: z.string(), sizeBytes: z.number().int(), ageSeconds: z.number() }).nullable(),
  /** The newest failed run, whether or not a good one came after it. */
  lastFailure: z.object({ at: z.string(), error: z.string() }).nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

/** `GET /healthz`: the database answers a read and the disk has room; 503 otherwise. */
export const Health = z.object({ ok: z.boolean(), database: z.enum(['ok', 'unavailable']), storage: z.enum(['ok', 'full']) });

/** `GET /healthz/ready`: each configured dependency's check (database always; redis and livekit when set). */
export const Readiness = z.object({
  ok: z.boolean(),
  checks: z.partialRecord(z.enum(['database', 'redis', 'livekit']), z.enum(['ok', 'failed'])),
});
export type Readiness = z.infer<typeof Readiness>;
