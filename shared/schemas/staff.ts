import { z } from 'zod';
import { Id, lineText } from './common.ts';

export const STAFF_ROLES = ['moderator', 'chair', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, 'must be 3–40 lowercase letters, digits, dot, dash or underscore');
export const Password = z.string().min(10, 'must be at least 10 characters').max(200);

export const LoginInput = z.strictObject({ username: Username, password: z.string().min(1).max(200) });
export type LoginInput = z.infer<typeof LoginInput>;

export const StaffUser = z.object({
  id: Id,
  unitId: Id,
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  active: z.boolean(),
});
export type StaffUser = z.infer<typeof StaffUser>;

export const StaffCreateInput = z.strictObject({
  username: Username,
  displayName: lineText({ min: 1, max: 120 }),
  role: StaffRole,
  password: Password,
});
export type StaffCreateInput = z.infer<typeof StaffCreateInput>;

export const StaffUpdateInput = z
  .strictObject({
    displayName: lineText({ min: 1, max: 120 }),
    role: StaffRole,
    active: z.boolean(),
    password: Password,
  })
  .partial();
export type StaffUpdateInput = z.infer<typeof StaffUpdateInput>;

/** Who the caller is: every browser is at least a resident; staff are signed in on top. */
export const Me = z.object({
  residentTag: z.string(),
  staff: StaffUser.nullable(),
});
export type Me = z.infer<typeof Me>;
