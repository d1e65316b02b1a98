import { randomBytes } from 'node:crypto';
import { NEWS_KINDS, type ContactChannel, type NewsKind } from '../../shared/schemas/notify.ts';
import type { Tx, Queryable } from './db/database.ts';

/**
 * The news a resident can be told, `verify`, which carries the code that proves the contact, and a session's
 * reminders (`verify_reminder` proves a reminder's address).
 */
export const NOTIFICATION_KINDS = ['verify', ...NEWS_KINDS, 'verify_reminder', 'remind_day', 'remind_hour'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationState = 'pending' | 'sending' | 'sent' | 'dead';

export interface NotificationRow {
  id: number;
  key: string;
  /** A notification tells of a question, or of a reminder (then `question_id` is null). */
  question_id: number | null;
  reminder_id: number | null;
  kind: NotificationKind;
  params: string;
  state: NotificationState;
  attempts: number;
  next_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  channel: ContactChannel | null;
}

/** `consent_by` of a contact left on the tracking page by whoever holds the code. */
export const BY_CODE = 'code';

export interface ContactRow {
  question_id: number;
  channel: 'email' | 'zalo' | 'sms';
  address: string;
  lang: 'vi' | 'en';
  consent_by: string;
  consent_at: string;
  code_hash: string | null;
  code_attempts: number;
  verified_at: string | null;
  stop_token: string;
  stopped_at: string | null;
}

/**
 * Writes a notification into the outbox inside the caller's transaction, so it exists if and only if the change
 * it tells of committed. Nothing is written for a question without a verified, not stopped contact. The key makes
 * a replayed change enqueue it once.
 */
export async function enqueueNotification(
  tx: Tx,
  input: { questionId: number; kind: NotificationKind; key: string; params?: Record<string, unknown>; now: Date },
): Promise<void> {
  const at = input.now.toISOString();
  const verifiedOnly = input.kind === 'verify' ? '' : 'AND verified_at IS NOT NULL';
  // Why a question was set aside is told to its asker, not to whoever follows it by its public code.
  const notToFollowers = input.kind === 'rejected' ? `AND consent_by <> '${BY_CODE}'` : '';
  await tx.run(
    `INSERT OR IGNORE INTO notifications (key, question_id, kind, params, next_at, created_at)
     SELECT ?, question_id, ?, ?, ?, ? FROM contacts WHERE question_id = ? AND stopped_at IS NULL ${verifiedOnly} ${notToFollowers}`,
    [input.key, input.kind, JSON.stringify(input.params ?? {}), at, at, input.questionId],
  );
}

/** Takes the due notifications for one delivery attempt; `leaseUntil` is when a crashed attempt may be retried. */
export async function claimDue(tx: Tx, now: Date, leaseUntil: Date, limit: number): Promise<NotificationRow[]> {
  return tx.all<NotificationRow>(
    `UPDATE notifications SET state = 'sending', attempts = attempts + 1, next_at = ?
     WHERE id IN (SELECT id FROM notifications WHERE state IN ('pending', 'sending') AND next_at <= ? ORDER BY next_at, id LIMIT ?)
     RETURNING *`,
    [leaseUntil.toISOString(), now.toISOString(), limit],
  );
}

/** A verification code is kept in the clear only until it is sent; the contact keeps its hash. */
export async function markSent(tx: Tx, id: number, channel: string, now: Date): Promise<void> {
  await tx.run(
    `UPDATE notifications SET state = 'sent', sent_at = ?, channel = ?, last_error = NULL,
       params = CASE WHEN kind IN ('verify', 'verify_reminder') THEN '{}' ELSE params END WHERE id = ?`,
    [now.toISOString(), channel, id],
  );
}

export async function markFailed(tx: Tx, id: number, error: string, retryAt: Date | null): Promise<void> {
  await tx.run(`UPDATE notifications SET state = ?, next_at = COALESCE(?, next_at), last_error = ? WHERE id = ?`, [
    retryAt ? 'pending' : 'dead',
    retryAt?.toISOString() ?? null,
    error.slice(0, 500),
    id,
  ]);
}

/** Messages sent to this address (for any question) since the given time. */
export async function countSentTo(q: Queryable, address: string, since: Date): Promise<number> {
  const row = await q.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM notifications n JOIN contacts c ON c.question_id = n.question_id
     WHERE c.address = ? AND n.state = 'sent' AND n.sent_at > ?`,
    [address, since.toISOString()],
  );
  return row?.n ?? 0;
}

/** Gives a claimed message its attempt back and puts it off until `until`. */
export async function postpone(tx: Tx, id: number, until: Date): Promise<void> {
  await tx.run(`UPDATE notifications SET state = 'pending', attempts = attempts - 1, next_at = ? WHERE id = ?`, [until.toISOString(), id]);
}

export async function findContact(q: Queryable, questionId: number): Promise<ContactRow | undefined> {
  return q.get<ContactRow>('SELECT * FROM contacts WHERE question_id = ?', [questionId]);
}

export async function findContactByStopToken(q: Queryable, token: string): Promise<ContactRow | undefined> {
  return q.get<ContactRow>('SELECT * FROM contacts WHERE stop_token = ?', [token]);
}

export async function saveContact(
  tx: Tx,
  c: Pick<ContactRow, 'question_id' | 'channel' | 'address' | 'lang' | 'consent_by' | 'code_hash' | 'stop_token'> & { verified_at: string | null },
  now: Date,
): Promise<void> {
  await tx.run(
    `INSERT INTO contacts (question_id, channel, address, lang, consent_by, consent_at, code_hash, verified_at, stop_token)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id) DO UPDATE SET channel = excluded.channel, address = excluded.address, lang = excluded.lang,
       consent_by = excluded.consent_by, consent_at = excluded.consent_at, code_hash = excluded.code_hash, code_attempts = 0,
       verified_at = excluded.verified_at, stop_token = excluded.stop_token, stopped_at = NULL`,
    [c.question_id, c.channel, c.address, c.lang, c.consent_by, now.toISOString(), c.code_hash, c.verified_at, c.stop_token],
  );
}

/** A contact and its undelivered news go on erasure; what was sent stays as a bare record without the text. */
export async function forgetContact(tx: Tx, questionId: number): Promise<void> {
  await tx.run('DELETE FROM contacts WHERE question_id = ?', [questionId]);
  await tx.run(`DELETE FROM notifications WHERE question_id = ? AND state IN ('pending', 'sending')`, [questionId]);
  await tx.run(`UPDATE notifications SET params = '{}' WHERE question_id = ?`, [questionId]);
}

/** Every notification of a question that is being deleted, sent or not. */
export async function deleteQuestionNotifications(tx: Tx, questionId: number): Promise<void> {
  await tx.run('DELETE FROM notifications WHERE question_id = ?', [questionId]);
}

export async function countWrongCode(tx: Tx, questionId: number): Promise<void> {
  await tx.run('UPDATE contacts SET code_attempts = code_attempts + 1 WHERE question_id = ?', [questionId]);
}

export async function markContactVerified(tx: Tx, questionId: number, now: Date): Promise<void> {
  await tx.run('UPDATE contacts SET verified_at = ?, code_hash = NULL WHERE question_id = ?', [now.toISOString(), questionId]);
}

/** Stops a question's contact and drops its pending messages. */
export async function stopContact(tx: Tx, questionId: number, now: Date): Promise<void> {
  await tx.run(`UPDATE contacts SET stopped_at = ? WHERE question_id = ?`, [now.toISOString(), questionId]);
  await tx.run(`DELETE FROM notifications WHERE question_id = ? AND state = 'pending'`, [questionId]);
}

/** How each notification of a question fared, for the tracking page and staff. */
export async function listQuestionNotifications(q: Queryable, questionId: number): Promise<NotificationRow[]> {
  return q.all<NotificationRow>('SELECT * FROM notifications WHERE question_id = ? ORDER BY id', [questionId]);
}

/** A dead letter of a question's news (the list joins questions): its id and kind are a question's. */
export interface DeadLetterRow extends Omit<NotificationRow, 'question_id' | 'kind'> {
  question_id: number;
  kind: NewsKind | 'verify';
  tracking_code: string;
  unit_id: number;
  contact_channel: ContactChannel | null;
  address: string | null;
  stopped_at: string | null;
}

const DEAD_LETTER = `SELECT n.*, q.tracking_code, s.unit_id, c.channel AS contact_channel, c.address, c.stopped_at
  FROM notifications n JOIN questions q ON q.id = n.question_id JOIN sessions s ON s.id = q.session_id
  LEFT JOIN contacts c ON c.question_id = n.question_id`;

/** A unit's dead letters, newest first; a few hundred at most, since contacts and their news are swept. */
export async function listDeadLetters(q: Queryable, unitId: number): Promise<DeadLetterRow[]> {
  return q.all<DeadLetterRow>(`${DEAD_LETTER} WHERE n.state = 'dead' AND s.unit_id = ? ORDER BY n.id DESC LIMIT 500`, [unitId]);
}

export async function findDeadLetter(q: Queryable, id: number): Promise<DeadLetterRow | undefined> {
  return q.get<DeadLetterRow>(`${DEAD_LETTER} WHERE n.id = ?`, [id]);
}

/** Gives a dead letter a fresh start: due now, with all its attempts again. */
export async function retryDeadLetter(tx: Tx, id: number, now: Date): Promise<void> {
  await tx.run(`UPDATE notifications SET state = 'pending', attempts = 0, next_at = ? WHERE id = ? AND state = 'dead'`, [now.toISOString(), id]);
}

/** The code for a reminder's address, sent once; a new request's code replaces any not yet sent. */
export async function enqueueReminderCode(tx: Tx, reminderId: number, code: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx.run(`DELETE FROM notifications WHERE reminder_id = ? AND kind = 'verify_reminder' AND state = 'pending'`, [reminderId]);
  await tx.run(
    `INSERT INTO notifications (key, reminder_id, kind, params, next_at, created_at) VALUES (?, ?, 'verify_reminder', ?, ?, ?)`,
    [`verify_reminder:${reminderId}:${randomBytes(6).toString('hex')}`, reminderId, JSON.stringify({ code }), at, at],
  );
}

/**
 * Puts the reminders that are due in the outbox, once each (the key names the reminder): the day before, when the
 * session starts within 24 hours but more than one; an hour before, when it starts within the hour. A reminder
 * asked for later than its window is not sent for it.
 */
export async function enqueueReminders(tx: Tx, now: Date): Promise<number> {
  const at = now.toISOString();
  let written = 0;
  for (const [kind, from, to] of [
    ['remind_day', 3_600_000, 86_400_000],
    ['remind_hour', 0, 3_600_000],
  ] as const) {
    const { changes } = await tx.run(
      `INSERT OR IGNORE INTO notifications (key, reminder_id, kind, params, next_at, created_at)
       SELECT '${kind}:' || r.id, r.id, '${kind}', json_object('sessionId', s.id, 'title', s.title, 'startsAt', s.starts_at), ?, ?
       FROM reminders r JOIN sessions s ON s.id = r.session_id
       WHERE r.verified_at IS NOT NULL AND julianday(s.starts_at) > julianday(?) AND julianday(s.starts_at) <= julianday(?)`,
      [at, at, new Date(now.getTime() + from).toISOString(), new Date(now.getTime() + to).toISOString()],
    );
    written += changes;
  }
  return written;
}

/**
 * News that a follow-up is overdue, once per due day: written by the clock rather than by a change, so the key
 * carries the due day and a later pass (or another process) enqueues nothing more.
 */
export async function enqueueOverdue(tx: Tx, today: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx.run(
    `INSERT OR IGNORE INTO notifications (key, question_id, kind, params, next_at, created_at)
     SELECT 'overdue:' || f.question_id || ':' || f.due_day, f.question_id, 'overdue',
            json_object('code', q.tracking_code, 'dueDay', f.due_day), ?, ?
     FROM followups f JOIN questions q ON q.id = f.question_id JOIN contacts c ON c.question_id = f.question_id
     WHERE f.status = 'assigned' AND f.due_day < ? AND c.verified_at IS NOT NULL AND c.stopped_at IS NULL`,
    [at, at, today],
  );
}

/**
 * Deletes the contacts whose purpose is over: the follow-up answered or closed, or the question never followed up
 * after its session ended, longer ago than `cutoff` (the grace period lets a resident reopen and still be told).
 */
export async function sweepContacts(tx: Tx, cutoff: Date): Promise<number> {
  const before = cutoff.toISOString();
  const { changes } = await tx.run(
    `DELETE FROM contacts WHERE question_id IN (
       SELECT q.id FROM questions q JOIN sessions s ON s.id = q.session_id LEFT JOIN followups f ON f.question_id = q.id
       WHERE (f.status IN ('answered', 'closed') AND f.updated_at < ?) OR (f.question_id IS NULL AND s.ends_at < ?))`,
    [before, before],
  );
  return changes;
}
