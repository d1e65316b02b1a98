import type { StaffUser } from '../../shared/schemas/staff.ts';
import { RESIDENT_COOKIE, STAFF_COOKIE, hashToken, parseCookies, unsign } from './signed-cookies.ts';

export interface Identity {
  /** Null when the browser has no valid resident cookie yet. */
  residentId: string | null;
  staff: StaffUser | null;
  staffToken: string | null;
}

/** Finds the staff member a login token belongs to; the staff feature provides it. */
export type StaffResolver = (token: string) => Promise<StaffUser | null>;

function signedValue(cookies: Map<string, string>, name: string, secret: string): string | null {
  const signed = cookies.get(name);
  return signed ? unsign(signed, secret) : null;
}

/** The browser's resident id from the Cookie header, without looking up a staff sign-in. */
export function readResidentId(cookieHeader: string | undefined, secret: string): string | null {
  return signedValue(parseCookies(cookieHeader), RESIDENT_COOKIE, secret);
}

/** Reads who is calling from the Cookie header; HTTP requests and Socket.IO handshakes share this. */
export async function readIdentity(
  cookieHeader: string | undefined,
  secret: string,
  resolveStaff: StaffResolver,
): Promise<Identity> {
  const cookies = parseCookies(cookieHeader);
  const residentId = signedValue(cookies, RESIDENT_COOKIE, secret);
  const staffToken = signedValue(cookies, STAFF_COOKIE, secret);
  const staff = staffToken ? await resolveStaff(staffToken) : null;
  return { residentId, staff, staffToken: staff ? staffToken : null };
}

export function staffTokenHash(identity: Identity): string | null {
  return identity.staffToken ? hashToken(identity.staffToken) : null;
}
