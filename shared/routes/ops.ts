import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { BackupStatus, Health, Readiness } from '../schemas/operations.ts';
import { PATHS } from './paths.ts';

/** Probes, figures and the API's own description. */
export const OPS = {
  health: route({
    ...PATHS.ops.health,
    summary: 'Liveness, database and storage check',
    response: Health,
    sameBodyOnError: true,
    errors: { 503: 'The database does not answer, or the storage is full' },
  }),
  live: route({ ...PATHS.ops.live, summary: 'Liveness: the process answers', response: z.object({ ok: z.literal(true) }) }),
  ready: route({
    ...PATHS.ops.ready,
    summary: 'Readiness: the database takes a write, and Redis and LiveKit answer when configured',
    response: Readiness,
    sameBodyOnError: true,
    errors: { 503: 'A check failed (its reason is in the server log only)' },
  }),
  metrics: route({
    ...PATHS.ops.metrics,
    summary: "The platform's figures for Prometheus",
    description: 'Exists only when METRICS_TOKEN is set, and answers only with `Authorization: Bearer <METRICS_TOKEN>`.',
    response: z.string(),
    produces: 'text/plain',
    errors: { 401: 'No bearer token, or the wrong one', 404: 'METRICS_TOKEN is not set' },
  }),
  openapi: route({ ...PATHS.ops.openapi, summary: 'This document', response: z.record(z.string(), z.unknown()) }),
  backups: route({
    ...PATHS.ops.backups,
    summary: 'The scheduled backups: the last good one and the last failure',
    response: BackupStatus,
    errors: STAFF_ONLY,
  }),
};
