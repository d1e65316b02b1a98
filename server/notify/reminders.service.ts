import { AppError } from '../../shared/errors.ts';
import { isAnnounced } from '../../shared/rules/notice.ts';
import type { ReminderInput, ReminderStatus, VerifyInput } from '../../shared/schemas/notify.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { enqueueReminderCode } from '../core/outbox.repository.ts';
import { findSession } from '../sessions/sessions.repository.ts';
import { checkCode, hashCode, newCode, newStopToken } from './codes.ts';
import { maskAddress } from './notify.service.ts';
import { confirmReminder, countReminderTry, findReminder, saveReminder, type ReminderRow } from './reminders.repository.ts';

/** What a reminder's code is salted with: its session and resident, known before the row has an id. */
const scopeOf = (sessionId: number, residentId: string) => `reminder:${sessionId}:${residentId}`;

const statusOf = (row: ReminderRow | undefined): ReminderStatus => (row ? { masked: maskAddress('email', row.address), verified: !!row.verified_at } : null);

/**
 * Reminders asked for on the programme page: one e-mail address per resident and session, confirmed by a code, for
 * a message the day before and an hour before (written into the outbox by the scheduler's pass).
 */
export function createRemindersService(deps: { db: Database; clock: Clock; wake: () => void }) {
  const { db, clock, wake } = deps;

  /** Only a session announced and not yet started can be reminded of. */
  async function upcoming(tx: Tx, sessionId: number): Promise<void> {
    const session = await findSession(tx, sessionId);
    if (!session || !isAnnounced(session)) throw new AppError('not_found', `session ${sessionId} does not exist`);
    if (Date.parse(session.startsAt) <= clock().getTime()) throw new AppError('wrong_state', 'this session has already started');
  }

  return {
    async mine(actor: Actor, sessionId: number): Promise<ReminderStatus> {
      return statusOf(await db.read((tx) => findReminder(tx, sessionId, actor.residentId)));
    },

    async ask(actor: Actor, sessionId: number, input: ReminderInput): Promise<ReminderStatus> {
      const result = await db.write(async (tx) => {
        await upcoming(tx, sessionId);
        const now = clock();
        const code = newCode();
        const codeHash = hashCode(scopeOf(sessionId, actor.residentId), code);
        const row = { session_id: sessionId, resident_id: actor.residentId, address: input.address, lang: input.lang, code_hash: codeHash, stop_token: newStopToken() };
        await enqueueReminderCode(tx, await saveReminder(tx, row, now), code, now);
        return statusOf(await findReminder(tx, sessionId, actor.residentId));
      });
      wake();
      return result;
    },

    /** A wrong code is counted in a transaction that commits; the refusal is thrown after it. */
    async verify(actor: Actor, sessionId: number, input: VerifyInput): Promise<ReminderStatus> {
      const outcome = await db.write(async (tx) => {
        const row = await findReminder(tx, sessionId, actor.residentId);
        if (!row) throw new AppError('not_found', `you asked for no reminder of session ${sessionId}`);
        if (row.verified_at) return statusOf(row);
        const checked = checkCode(row, scopeOf(sessionId, actor.residentId), input.code);
        if (checked === 'spent') throw new AppError('rate_limited', 'too many wrong codes; ask for the reminder again for a new one');
        if (checked === 'wrong') {
          await countReminderTry(tx, row.id);
          return 'wrong' as const;
        }
        await confirmReminder(tx, row.id, clock());
        return statusOf(await findReminder(tx, sessionId, actor.residentId));
      });
      if (outcome === 'wrong') throw new AppError('bad_request', 'code: this is not the code that was sent');
      return outcome;
    },
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
