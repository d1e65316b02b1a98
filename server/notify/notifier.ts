import type { Logger } from 'pino';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { DeliveryError, type Channel } from './channels.ts';
import { render } from './messages.ts';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import {
  BY_CODE,
  claimDue,
  countSentTo,
  enqueueOverdue,
  enqueueReminders,
  findContact,
  markFailed,
  markSent,
  postpone,
  sweepContacts,
  type NotificationRow,
} from '../core/outbox.repository.ts';
import { findLiveMoment } from '../questions/questions.repository.ts';
import { findReminderRecipient, sweepReminders } from './reminders.repository.ts';

export interface NotifierOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  channels: Channel[];
  /** Where links in messages point: the platform's public address. */
  publicUrl: () => string;
  /** Attempts before a notification goes to dead letter. */
  maxAttempts?: number;
  /** The wait before the second attempt; each later wait doubles. */
  retryBaseMs?: number;
  /** How long an attempt may take before another process or restart may try it again. */
  leaseMs?: number;
  pollMs?: number;
  /** Most messages one contact receives in 24 hours; the rest wait for the next day. */
  perContactPerDay?: number;
  /** How long a contact is kept after its follow-up ends. */
  contactGraceMs?: number;
}

/**
 * Delivers the outbox: takes due notifications, sends each through its contact's channel, and records the outcome.
 * A failure is retried with exponential backoff; after `maxAttempts`, or at once for a permanent refusal, the
 * notification is dead-lettered with the reason, for staff to see. A process killed mid-send leaves its rows
 * 'sending' with a lease; they are taken again when the lease runs out.
 */
export function createNotifier(options: NotifierOptions) {
  const { db, clock, logger, publicUrl } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 2000;
  const perContactPerDay = options.perContactPerDay ?? 10;
  const contactGraceMs = options.contactGraceMs ?? 30 * 86_400_000;
  const channels = new Map(options.channels.map((c) => [c.name, c]));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function deliver(row: NotificationRow): Promise<void> {
    const contact = await db.read((tx) => (row.reminder_id !== null ? findReminderRecipient(tx, row.reminder_id) : findContact(tx, row.question_id!)));
    if (!contact || contact.stopped_at) return db.write((tx) => markFailed(tx, row.id, 'the contact was removed or stopped', null));
    const channel = channels.get(contact.channel);
    if (!channel) return db.write((tx) => markFailed(tx, row.id, `the ${contact.channel} channel is off`, null));
    const now = clock();
    // Counted by address across questions: codes asked for many questions must not flood one inbox or phone.
    const sentToday = await countSentTo(db, contact.address, new Date(now.getTime() - 86_400_000));
    if (sentToday >= perContactPerDay) {
      // Not a failure: the attempt is given back and the message waits for the contact's next day.
      await db.write((tx) => postpone(tx, row.id, new Date(now.getTime() + 86_400_000)));
      return;
    }
    const params = JSON.parse(row.params) as Record<string, unknown>;
    const base = publicUrl();
    const stop = `${base}/api/notify/stop/${contact.stop_token}`;
    // A question set aside has no public tracking page; its session's page still says what became of the others.
    // One answered live points at that moment of the replay, when the session's record has one.
    const moment = row.kind === 'answered_live' ? await db.read((tx) => findLiveMoment(tx, row.question_id!)) : null;
    const page =
      row.kind === 'rejected' || row.kind === 'remind_day' || row.kind === 'remind_hour'
        ? `${base}/s/${params.sessionId}`
        : moment
          ? `${base}/s/${moment.sessionId}/archive?t=${Math.floor(moment.ms / 1000)}`
          : typeof params.code === 'string' && row.kind !== 'verify' && row.kind !== 'verify_reminder'
            ? `${base}/q/${params.code}`
            : null;
    const rendered = render(row.kind, { ...params, follower: contact.consent_by === BY_CODE }, contact.lang, { page, stop });
    try {
      await channel.send({
        key: row.key,
        to: contact.address,
        lang: contact.lang,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        stopUrl: stop,
        link: page ?? stop,
        template: { name: row.kind, params: { code: String(params.code ?? ''), line: rendered.line } },
      });
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      const retryAt = !permanent && row.attempts < maxAttempts ? new Date(clock().getTime() + retryBaseMs * 2 ** (row.attempts - 1)) : null;
      logger.warn({ notification: row.key, attempts: row.attempts, dead: !retryAt, err: error }, 'notification not delivered');
      return db.write((tx) => markFailed(tx, row.id, (error as Error).message, retryAt));
    }
    await db.write((tx) => markSent(tx, row.id, channel.name, clock()));
  }

  async function tick(): Promise<number> {
    const now = clock();
    const due = await db.write((tx) => claimDue(tx, now, new Date(now.getTime() + leaseMs), 20));
    for (const row of due) {
      await deliver(row).catch((error: unknown) => logger.error({ err: error, notification: row.key }, 'notification delivery failed'));
    }
    return due.length;
  }

  /** One pass at a time; a pass that found work is followed at once by another. */
  function runOnce(): Promise<number> {
    running ??= tick().finally(() => (running = null));
    return running;
  }

  function schedule(delay: number): void {
    timer = setTimeout(() => {
      void runOnce().then(
        (n) => timer && schedule(n > 0 ? 0 : pollMs),
        () => timer && schedule(pollMs),
      );
    }, delay);
  }

  function wakeNow(): void {
    if (timer) {
      clearTimeout(timer);
      schedule(0);
    }
  }

  return {
    tick: runOnce,
    /** The clock's part, run by the scheduler: overdue news, and contacts whose grace period is over. */
    async housekeeping(): Promise<void> {
      const now = clock();
      const { swept, reminded, ended } = await db.write(async (tx) => {
        await enqueueOverdue(tx, hanoiDay(now), now);
        return {
          swept: await sweepContacts(tx, new Date(now.getTime() - contactGraceMs)),
          reminded: await enqueueReminders(tx, now),
          ended: await sweepReminders(tx, now),
        };
      });
      if (swept > 0) logger.info({ swept }, 'contacts deleted after their follow-up ended');
      if (ended > 0) logger.info({ reminders: ended }, 'reminders deleted after their session ended');
      if (reminded > 0) wakeNow();
    },
    start() {
      if (!timer) schedule(0);
    },
    /** Wakes the worker for a change just committed, instead of waiting for the next poll. */
    wake: wakeNow,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      for (const c of channels.values()) c.close?.();
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
