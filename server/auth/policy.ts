import { AppError } from '../../shared/errors.ts';
import type { StaffRole } from '../../shared/schemas/staff.ts';
import type { Actor } from './actor.ts';

/** What each staff role may do; residents have none of these. One table, so the matrix test reads the same. */
export const PERMISSIONS = {
  'feed:staff': ['moderator', 'chair', 'admin'],
  'question:moderate': ['moderator', 'admin'],
  'question:stage': ['moderator', 'chair', 'admin'],
  'session:transition': ['chair', 'admin'],
  'session:manage': ['admin'],
  /** Giving a question not answered live its fate: assign, hand over, close. */
  'followup:manage': ['moderator', 'admin'],
  /** Writing the answer: officials and the staff who type it for them. */
  'followup:answer': ['moderator', 'chair', 'admin'],
  /** Captions, transcript imports and corrections. */
  'transcript:write': ['moderator', 'chair', 'admin'],
  'staff:manage': ['admin'],
  /** The server's own state (backups), the same for every unit on it. */
  'ops:view': ['admin'],
  /** Officials: camera, microphone and screen share in the session's video room. */
  'media:publish': ['chair', 'admin'],
  /** Invite a resident on stage, mute a track, remove a participant: all through the server. */
  'media:moderate': ['moderator', 'chair', 'admin'],
  /** Restream destinations and OBS inputs, whose keys only administrators see. */
  'media:manage': ['admin'],
  /** A dialogue's results report (Art. 43): the secretary's staff write it and sign it; the chair signs it too. */
  'results:draft': ['moderator', 'admin'],
  'results:sign-secretary': ['moderator', 'admin'],
  'results:sign-chair': ['chair'],
  'results:publish': ['chair', 'admin'],
  /** Residents' requests for a dialogue: deciding them, and the unit's voter count they are measured against. */
  'dialogue:manage': ['admin'],
  /** The unit's contact details shown as the data controller's on the privacy notice. */
  'unit:manage': ['admin'],
  /** Data subjects' requests received by letter, at the office or by phone (Decree 356/2025). */
  'privacy:requests': ['moderator', 'admin'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Permission = keyof typeof PERMISSIONS;

/** Whether the actor holds the permission for something belonging to the given unit. */
export function can(actor: Actor, permission: Permission, unitId: number): boolean {
  const staff = actor.staff;
  if (!staff || !staff.active || staff.unitId !== unitId) return false;
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(staff.role);
}

/** The permission's roles only, whatever the unit: a first check before work the unit cannot be known for yet. */
export function authorizeRole(actor: Actor, permission: Permission): void {
  const staff = actor.staff;
  if (staff?.active && (PERMISSIONS[permission] as readonly StaffRole[]).includes(staff.role)) return;
  if (!staff) throw new AppError('unauthenticated', 'staff sign-in required');
  throw new AppError('forbidden', `${permission} is not allowed for this account`);
}

export function authorize(actor: Actor, permission: Permission, unitId: number): void {
  if (can(actor, permission, unitId)) return;
  if (!actor.staff) throw new AppError('unauthenticated', 'staff sign-in required');
  throw new AppError('forbidden', `${permission} is not allowed for this account`);
}
