import { Router } from 'express';
import type { BackupStatus } from '../../shared/schemas/operations.ts';
import { authorizeRole } from '../auth/policy.ts';

export function opsRoutes(deps: { backupStatus: () => Promise<BackupStatus> }): Router {
  const router = Router();

  router.get('/api/admin/backups', async (_req, res) => {
    authorizeRole(res.locals.actor, 'ops:view');
    res.set('Cache-Control', 'no-store').json(await deps.backupStatus());
  });

  return router;
}
