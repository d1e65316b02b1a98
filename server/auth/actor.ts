import { createHash } from 'node:crypto';
import type { StaffUser } from '../../shared/schemas/staff.ts';

/** Whoever makes a request: every browser is a resident; a signed-in staff member carries their account too. */
export interface Actor {
  residentId: string;
  staff: StaffUser | null;
  /** The client's address, for per-IP limits; behind a trusted proxy, the forwarded one. */
  ip: string;
}

/** A short, stable, non-reversible tag that lets staff tell residents apart without seeing their id. */
export function residentTag(residentId: string): string {
  return createHash('sha256').update(residentId).digest('base64url').slice(0, 8);
}

export function actorLabel(actor: Actor): string {
  return actor.staff ? actor.staff.username : `resident:${residentTag(actor.residentId)}`;
}
