import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { LoginInput, Me, StaffCreateInput, StaffUpdateInput, StaffUser } from '../schemas/staff.ts';
import { PATHS } from './paths.ts';

/** Who is calling, signing in and out, and the staff accounts. */
export const STAFF = {
  me: route({ ...PATHS.staff.me, summary: "The caller: a resident's tag, and the staff member when signed in", response: Me }),
  login: route({
    ...PATHS.staff.login,
    summary: 'Signs a staff member in (sets the sign-in cookie)',
    body: LoginInput,
    response: Me,
    errors: { 401: 'Wrong username or password', 429: 'Too many attempts' },
  }),
  logout: route({ ...PATHS.staff.logout, summary: 'Ends the sign-in, if any', response: Me }),
  list: route({ ...PATHS.staff.list, summary: "The unit's staff accounts", response: z.array(StaffUser), errors: STAFF_ONLY }),
  create: route({
    ...PATHS.staff.create,
    summary: 'Creates a staff account',
    body: StaffCreateInput,
    response: StaffUser,
    status: 201,
    errors: { ...STAFF_ONLY, 409: 'The username is taken' },
  }),
  update: route({
    ...PATHS.staff.update,
    summary: "Changes a staff account (name, role, password, active); ends its sign-ins when it loses powers",
    params: IdPath,
    body: StaffUpdateInput,
    response: StaffUser,
    errors: { ...STAFF_ONLY, 404: 'No such staff member' },
  }),
};
