import { AppError } from '../../shared/errors.ts';
import type { LoginInput, StaffCreateInput, StaffUpdateInput, StaffUser } from '../../shared/schemas/staff.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { createRateLimiter } from '../limits/rate-limiter.ts';
import { appendAudit } from '../core/audit.repository.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { authorize } from '../auth/policy.ts';
import { hashToken, newToken } from '../auth/signed-cookies.ts';
import {
  deleteLogin,
  deleteUserLogins,
  findLiveLogins,
  findLoginUser,
  findStaffById,
  findStaffByUsername,
  insertLogin,
  insertStaff,
  listStaff,
  toStaffUser,
  updateStaffRow,
} from './staff.repository.ts';

export const LOGIN_TTL_MS = 12 * 60 * 60 * 1000;

// Verifying against a throwaway hash keeps an unknown username as slow as a wrong password.
const DUMMY_HASH = hashPassword('not-a-real-password-anywhere');

const LOGIN_WINDOW_MS = 15 * 60_000;

export function createStaffService(deps: {
  db: Database;
  clock: Clock;
  /** Told each refused sign-in attempt (for /metrics). */
  onThrottled?: () => void;
  /** Told the hashes of sign-ins that have just ended here, after the write commits, to end their sockets. */
  onLoginsEnded?: (tokenHashes: string[]) => void;
}) {
  const { db, clock, onThrottled, onLoginsEnded = () => {} } = deps;
  // Ten tries at one account from one address, and a hundred at any accounts from one address, per 15 minutes.
  const accountThrottle = createRateLimiter({ limit: 10, windowMs: LOGIN_WINDOW_MS, clock });
  const addressThrottle = createRateLimiter({ limit: 100, windowMs: LOGIN_WINDOW_MS, clock });

  async function createAccount(unitId: number, input: StaffCreateInput, actor: string): Promise<StaffUser> {
    const passwordHash = await hashPassword(input.password);
    return db.write(async (tx) => {
      if (await findStaffByUsername(tx, input.username)) {
        throw new AppError('conflict', `username ${input.username} is taken`);
      }
      const now = clock();
      const user = await insertStaff(tx, { unitId, username: input.username, displayName: input.displayName, role: input.role, passwordHash, now });
      await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor, action: 'staff.create', detail: { username: user.username, role: user.role }, at: now });
      return user;
    });
  }

  async function resolveLogin(tokenHash: string): Promise<StaffUser | null> {
    const row = await findLoginUser(db, tokenHash, clock());
    return row ? toStaffUser(row) : null;
  }

  return {
    /** Signs a staff member in; returns the cookie token (only its hash is stored). */
    async login(input: LoginInput, clientKey: string): Promise<{ token: string; user: StaffUser }> {
      const throttleKey = `${input.username}|${clientKey}`;
      const wait = addressThrottle.take(clientKey) ?? accountThrottle.take(throttleKey);
      if (wait !== null) {
        onThrottled?.();
        throw new AppError('rate_limited', `too many sign-in attempts; try again in ${wait} s`, { retryAfter: wait });
      }
      const row = await findStaffByUsername(db, input.username);
      const ok = await verifyPassword(input.password, row?.password_hash ?? (await DUMMY_HASH));
      if (!row || !ok || row.active !== 1) throw new AppError('unauthenticated', 'wrong username or password');
      accountThrottle.reset(throttleKey);
      const token = newToken();
      const now = clock();
      await db.write((tx) => insertLogin(tx, hashToken(token), row.id, now, new Date(now.getTime() + LOGIN_TTL_MS)));
      return { token, user: toStaffUser(row) };
    },

    async logout(token: string): Promise<void> {
      const tokenHash = hashToken(token);
      await db.write((tx) => deleteLogin(tx, tokenHash));
      onLoginsEnded([tokenHash]);
    },

    async resolve(token: string): Promise<StaffUser | null> {
      return resolveLogin(hashToken(token));
    },

    /** The account behind a live sign-in, read afresh: null once it was ended, expired or the account disabled. */
    resolveLogin,

    async liveLogins(tokenHashes: string[]): Promise<Set<string>> {
      return new Set(await findLiveLogins(db, tokenHashes, clock()));
    },

    async list(actor: Actor): Promise<StaffUser[]> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'staff:manage', unitId);
      return listStaff(db, unitId);
    },

    async create(actor: Actor, input: StaffCreateInput): Promise<StaffUser> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'staff:manage', unitId);
      return createAccount(unitId, input, actorLabel(actor));
    },

    /** For the command line and the first start, where nobody is signed in yet. */
    createFromConsole(unitId: number, input: StaffCreateInput): Promise<StaffUser> {
      return createAccount(unitId, input, 'console');
    },

    async update(actor: Actor, id: number, patch: StaffUpdateInput): Promise<StaffUser> {
      const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
      const { user, ended } = await db.write(async (tx) => {
        const row = await findStaffById(tx, id);
        if (!row) throw new AppError('not_found', `staff account ${id} does not exist`);
        authorize(actor, 'staff:manage', row.unit_id);
        if (actor.staff?.id === id && (patch.active === false || (patch.role && patch.role !== 'admin'))) {
          throw new AppError('conflict', 'administrators cannot lock themselves out');
        }
        const user = await updateStaffRow(tx, id, { ...patch, passwordHash });
        const ended = patch.active === false || passwordHash ? await deleteUserLogins(tx, id) : [];
        const fields = Object.keys(patch).map((key) => (key === 'password' ? 'password (reset)' : key));
        await appendAudit(tx, { unitId: row.unit_id, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'staff.update', detail: { username: row.username, fields }, at: clock() });
        return { user, ended };
      });
      onLoginsEnded(ended);
      return user;
    },

    async resetPasswordFromConsole(username: string, password: string): Promise<StaffUser> {
      const passwordHash = await hashPassword(password);
      const { user, ended } = await db.write(async (tx) => {
        const row = await findStaffByUsername(tx, username);
        if (!row) throw new AppError('not_found', `no staff account named ${username}`);
        const user = await updateStaffRow(tx, row.id, { passwordHash, active: true });
        const ended = await deleteUserLogins(tx, row.id);
        await appendAudit(tx, { unitId: row.unit_id, sessionId: null, questionId: null, actor: 'console', action: 'staff.password_reset', detail: { username }, at: clock() });
        return { user, ended };
      });
      onLoginsEnded(ended);
      return user;
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
