import { Router, type Response } from 'express';
import type { Me } from '../../shared/schemas/staff.ts';
import { STAFF } from '../../shared/routes/staff.ts';
import { serve } from '../http/route.ts';
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

  serve(router, STAFF.me, (_, { actor }) => me(actor));

  serve(router, STAFF.login, async ({ body }, { actor, req, res }) => {
    const { token, user } = await staff.login(body, req.ip ?? 'unknown');
    setStaffCookie(res, sign(token, secret), LOGIN_TTL_MS / 1000);
    return me({ ...actor, staff: user });
  });

  serve(router, STAFF.logout, async (_, { actor, res }) => {
    const token = res.locals.staffToken;
    if (token) await staff.logout(token);
    setStaffCookie(res, '', 0);
    return me({ ...actor, staff: null });
  });

  serve(router, STAFF.list, (_, { actor }) => staff.list(actor));

  serve(router, STAFF.create, ({ body }, { actor }) => staff.create(actor, body));

  serve(router, STAFF.update, ({ params, body }, { actor }) => staff.update(actor, params.id, body));

  return router;
}
