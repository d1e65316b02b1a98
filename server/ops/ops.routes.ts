import { Router } from 'express';
import { OPS } from '../../shared/routes/ops.ts';
import type { BackupStatus } from '../../shared/schemas/operations.ts';
import { authorizeRole } from '../auth/policy.ts';
import { serve } from '../http/route.ts';

export function opsRoutes(deps: { backupStatus: () => Promise<BackupStatus> }): Router {
  const router = Router();

  serve(router, OPS.backups, (_, { actor, res }) => {
    authorizeRole(actor, 'ops:view');
    res.set('Cache-Control', 'no-store');
    return deps.backupStatus();
  });

  return router;
}
