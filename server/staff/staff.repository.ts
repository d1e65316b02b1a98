import type { StaffRole, StaffUser } from '../../shared/schemas/staff.ts';
import type { Tx, Queryable } from '../core/db/database.ts';

interface StaffRow {
  id: number;
  unit_id: number;
  username: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  active: number;
}

export function toStaffUser(row: StaffRow): StaffUser {
  return {
    id: row.id,
    unitId: row.unit_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
  };
}

export async function findStaffByUsername(q: Queryable, username: string): Promise<StaffRow | undefined> {
  return q.get<StaffRow>('SELECT * FROM staff_users WHERE username = ?', [username]);
}

export async function findStaffById(q: Queryable, id: number): Promise<StaffRow | undefined> {
  return q.get<StaffRow>('SELECT * FROM staff_users WHERE id = ?', [id]);
}

export async function listStaff(q: Queryable, unitId: number): Promise<StaffUser[]> {
  return (await q.all<StaffRow>('SELECT * FROM staff_users WHERE unit_id = ? ORDER BY username', [unitId])).map(toStaffUser);
}

export async function insertStaff(
  tx: Tx,
  staff: { unitId: number; username: string; displayName: string; role: StaffRole; passwordHash: string; now: Date },
): Promise<StaffUser> {
  const row = await tx.get<StaffRow>(
    `INSERT INTO staff_users (unit_id, username, display_name, role, password_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    [staff.unitId, staff.username, staff.displayName, staff.role, staff.passwordHash, staff.now.toISOString()],
  );
  return toStaffUser(row!);
}

export async function updateStaffRow(
  tx: Tx,
  id: number,
  patch: { displayName?: string; role?: StaffRole; active?: boolean; passwordHash?: string },
): Promise<StaffUser> {
  const sets: string[] = [];
  const params: Array<string | number> = [];
  if (patch.displayName !== undefined) sets.push('display_name = ?'), params.push(patch.displayName);
  if (patch.role !== undefined) sets.push('role = ?'), params.push(patch.role);
  if (patch.active !== undefined) sets.push('active = ?'), params.push(patch.active ? 1 : 0);
  if (patch.passwordHash !== undefined) sets.push('password_hash = ?'), params.push(patch.passwordHash);
  const row = await tx.get<StaffRow>(`UPDATE staff_users SET ${sets.join(', ')} WHERE id = ? RETURNING *`, [...params, id]);
  return toStaffUser(row!);
}

export async function insertLogin(tx: Tx, tokenHash: string, userId: number, now: Date, expires: Date): Promise<void> {
  await tx.run('INSERT INTO staff_logins (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
    tokenHash,
    userId,
    now.toISOString(),
    expires.toISOString(),
  ]);
}

export async function findLoginUser(q: Queryable, tokenHash: string, now: Date): Promise<StaffRow | undefined> {
  return q.get<StaffRow>(
    `SELECT u.* FROM staff_logins l JOIN staff_users u ON u.id = l.user_id
     WHERE l.token_hash = ? AND l.expires_at > ? AND u.active = 1`,
    [tokenHash, now.toISOString()],
  );
}

/** Of the given sign-ins, those still live: not ended, not expired, their account still active. */
export async function findLiveLogins(q: Queryable, tokenHashes: string[], now: Date): Promise<string[]> {
  if (tokenHashes.length === 0) return [];
  const rows = await q.all<{ token_hash: string }>(
    `SELECT l.token_hash FROM staff_logins l JOIN staff_users u ON u.id = l.user_id
     WHERE l.token_hash IN (${tokenHashes.map(() => '?').join(', ')}) AND l.expires_at > ? AND u.active = 1`,
    [...tokenHashes, now.toISOString()],
  );
  return rows.map((row) => row.token_hash);
}

export async function deleteLogin(tx: Tx, tokenHash: string): Promise<void> {
  await tx.run('DELETE FROM staff_logins WHERE token_hash = ?', [tokenHash]);
}

/** Ends every sign-in of the account; returns their hashes, so the sockets opened under them can be ended too. */
export async function deleteUserLogins(tx: Tx, userId: number): Promise<string[]> {
  const rows = await tx.all<{ token_hash: string }>('DELETE FROM staff_logins WHERE user_id = ? RETURNING token_hash', [userId]);
  return rows.map((row) => row.token_hash);
}
