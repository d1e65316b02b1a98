import type { Tx, Queryable } from '../core/db/database.ts';
import type { ContactRow } from '../core/outbox.repository.ts';

export interface ReminderRow {
  id: number;
  session_id: number;
  resident_id: string;
  address: string;
  lang: 'vi' | 'en';
  consent_at: string;
  code_hash: string | null;
  code_attempts: number;
  verified_at: string | null;
  stop_token: string;
}

export async function findReminder(q: Queryable, sessionId: number, residentId: string): Promise<ReminderRow | undefined> {
  return q.get<ReminderRow>('SELECT * FROM reminders WHERE session_id = ? AND resident_id = ?', [sessionId, residentId]);
}

/** Asking again replaces the address and its code: the last one asked for is the one confirmed. */
export async function saveReminder(
  tx: Tx,
  r: Pick<ReminderRow, 'session_id' | 'resident_id' | 'address' | 'lang' | 'code_hash' | 'stop_token'>,
  now: Date,
): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `INSERT INTO reminders (session_id, resident_id, address, lang, consent_at, code_hash, stop_token) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (session_id, resident_id) DO UPDATE SET address = excluded.address, lang = excluded.lang, consent_at = excluded.consent_at,
       code_hash = excluded.code_hash, code_attempts = 0, verified_at = NULL, stop_token = excluded.stop_token
     RETURNING id`,
    [r.session_id, r.resident_id, r.address, r.lang, now.toISOString(), r.code_hash, r.stop_token],
  );
  return row!.id;
}

export async function countReminderTry(tx: Tx, id: number): Promise<void> {
  await tx.run('UPDATE reminders SET code_attempts = code_attempts + 1 WHERE id = ?', [id]);
}

export async function confirmReminder(tx: Tx, id: number, now: Date): Promise<void> {
  await tx.run('UPDATE reminders SET verified_at = ?, code_hash = NULL WHERE id = ?', [now.toISOString(), id]);
}

/** Whom a reminder's messages go to, in the shape the worker reads a question's contact in. */
export async function findReminderRecipient(
  q: Queryable,
  id: number,
): Promise<Pick<ContactRow, 'channel' | 'address' | 'lang' | 'stop_token' | 'stopped_at' | 'consent_by'> | undefined> {
  return q.get(`SELECT 'email' AS channel, address, lang, stop_token, NULL AS stopped_at, 'asker' AS consent_by FROM reminders WHERE id = ?`, [id]);
}

/** The stop link of a reminder deletes it, and its messages not yet sent with it. */
export async function deleteReminderByStopToken(tx: Tx, token: string): Promise<Pick<ReminderRow, 'lang'> | undefined> {
  return tx.get<Pick<ReminderRow, 'lang'>>('DELETE FROM reminders WHERE stop_token = ? RETURNING lang', [token]);
}

export async function findReminderByStopToken(q: Queryable, token: string): Promise<Pick<ReminderRow, 'lang'> | undefined> {
  return q.get<Pick<ReminderRow, 'lang'>>('SELECT lang FROM reminders WHERE stop_token = ?', [token]);
}

/** Erasure: a resident's reminders go with the rest of what they left. */
export async function forgetReminders(tx: Tx, residentId: string): Promise<void> {
  await tx.run('DELETE FROM reminders WHERE resident_id = ?', [residentId]);
}

/** A session that has ended needs no reminder: its reminders, and their messages, are deleted. */
export async function sweepReminders(tx: Tx, now: Date): Promise<number> {
  const { changes } = await tx.run(
    'DELETE FROM reminders WHERE session_id IN (SELECT id FROM sessions WHERE julianday(ends_at) < julianday(?))',
    [now.toISOString()],
  );
  return changes;
}
