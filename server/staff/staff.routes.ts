import { Router, type Response } from 'express';
import { IdParam } from '../../shared/schemas/common.ts';
import { LoginInput, StaffCreateInput, StaffUpdateInput, type Me } from '../../shared/schemas/staff.ts';
import { parseWith } from '../http/validate.ts';
import type { Actor } from '../auth/actor.ts';
import { residentTag } from '../auth/actor.ts';
import { STAFF_COOKIE, serializeCookie, sign } from '../auth/signed-cookies.ts';
import { LOGIN_TTL_MS, type StaffService } from './staff.service.ts';

function me(actor: Actor): Me {
  return { residentTag: residentTag(actor.residentId), staff: actor.staff };
}

export function staffRoutes(deps: {
  staff: StaffService;
  secret: string;
}): Router {
  const { staff, secret } = deps;
  const router = Router();
  const setStaffCookie = (res: Response, value: string, maxAgeSeconds: number) =>
    res.append('Set-Cookie', serializeCookie(STAFF_COOKIE, value, { maxAgeSeconds, secure: res.req.secure }));

  router.get('/api/me', (_req, res) => {
    res.json(me(res.locals.actor));
  });

  router.post('/api/auth/login', async (req, res) => {
    const input = parseWith(LoginInput, req.body);
    const { token, user } = await staff.login(input, req.ip ?? 'unknown');
    setStaffCookie(res, sign(token, secret), LOGIN_TTL_MS / 1000);
    res.json(me({ ...res.locals.actor, staff: user }));
  });

  router.post('/api/auth/logout', async (_req, res) => {
    const token = res.locals.staffToken;
    if (token) await staff.logout(token);
    setStaffCookie(res, '', 0);
    res.json(me({ ...res.locals.actor, staff: null }));
  });

  router.get('/api/admin/staff', async (_req, res) => {
    res.json(await staff.list(res.locals.actor));
  });

  router.post('/api/admin/staff', async (req, res) => {
    res.status(201).json(await staff.create(res.locals.actor, parseWith(StaffCreateInput, req.body)));
  });

  router.patch('/api/admin/staff/:id', async (req, res) => {
    res.json(await staff.update(res.locals.actor, parseWith(IdParam, req.params.id), parseWith(StaffUpdateInput, req.body)));
  });

  return router;
}
