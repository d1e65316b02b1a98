import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import { NEWS_KINDS, type ContactInput, type DeadLetter, type NewsKind, type NotifyStatus, type VerifyInput } from '../../shared/schemas/notify.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { findByTrackingCode, findQuestion, type QuestionRow } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import {
  BY_CODE,
  countWrongCode,
  enqueueNotification,
  findContact,
  findContactByStopToken,
  findDeadLetter,
  listDeadLetters,
  listQuestionNotifications,
  markContactVerified,
  retryDeadLetter,
  saveContact,
  stopContact,
  type ContactRow,
  type DeadLetterRow,
} from '../core/outbox.repository.ts';
import { checkCode, hashCode, newCode, newStopToken } from './codes.ts';
import { deleteReminderByStopToken, findReminderByStopToken } from './reminders.repository.ts';

/** Shows staff enough to recognise a contact, never the whole of it. */
export function maskAddress(channel: string, address: string): string {
  if (channel === 'email') {
    const [user = '', domain = ''] = address.split('@');
    return `${user.slice(0, 1)}***@${domain}`;
  }
  return `${address.slice(0, 2)}****${address.slice(-3)}`;
}

function deadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    questionId: row.question_id,
    trackingCode: row.tracking_code,
    kind: row.kind,
    channel: row.contact_channel,
    masked: row.contact_channel && row.address ? maskAddress(row.contact_channel, row.address) : null,
    attempts: row.attempts,
    error: row.last_error,
    createdAt: row.created_at,
  };
}

export function createNotifyService(deps: { db: Database; clock: Clock; wake: () => void }) {
  const { db, clock, wake } = deps;

  /** The asker leaves a contact for their own question; staff may record one for a question entered by hotline or letter. */
  async function mayKeepContact(tx: Tx, actor: Actor, row: QuestionRow): Promise<'asker' | 'staff'> {
    if (row.resident_id === actor.residentId) return 'asker';
    const session = await requireSession(tx, row.session_id);
    if (row.channel !== 'online' && can(actor, 'question:moderate', session.unitId)) return 'staff';
    authorize(actor, 'question:moderate', session.unitId);
    throw new AppError('forbidden', 'only the person who asked can leave a contact for an online question');
  }

  async function status(tx: Pick<Tx, 'get' | 'all'>, questionId: number): Promise<NotifyStatus> {
    const contact = await findContact(tx, questionId);
    const rows = await listQuestionNotifications(tx, questionId);
    return {
      contact: contact
        ? { channel: contact.channel, masked: maskAddress(contact.channel, contact.address), verified: !!contact.verified_at, stopped: !!contact.stopped_at }
        : null,
      deliveries: rows
        .flatMap((r) => ((NEWS_KINDS as readonly string[]).includes(r.kind) ? [{ ...r, kind: r.kind as NewsKind }] : []))
        .map((r) => ({ kind: r.kind, state: r.state, channel: r.channel, sentAt: r.sent_at, error: r.state === 'dead' ? r.last_error : null })),
    };
  }

  /** Saves the contact; one given by whoever will read the news (not staff on their word) gets a code to prove it. */
  async function keepContact(tx: Tx, questionId: number, input: ContactInput, by: 'asker' | 'staff' | typeof BY_CODE, actor: Actor): Promise<NotifyStatus> {
    const now = clock();
    const needsCode = by !== 'staff';
    const code = newCode();
    await saveContact(
      tx,
      {
        question_id: questionId,
        channel: input.channel,
        address: input.address,
        lang: input.lang,
        consent_by: by === 'staff' ? actorLabel(actor) : by,
        code_hash: needsCode ? hashCode(questionId, code) : null,
        verified_at: needsCode ? null : now.toISOString(),
        stop_token: newStopToken(),
      },
      now,
    );
    if (needsCode) {
      await enqueueNotification(tx, { questionId, kind: 'verify', key: `verify:${questionId}:${randomBytes(6).toString('hex')}`, params: { code }, now });
    }
    return status(tx, questionId);
  }

  /**
   * Checks the code sent to the contact of the question `find` names (and authorizes); five wrong tries and it must
   * be left again. A wrong try is counted in a transaction that commits: thrown inside, it would be rolled back.
   */
  async function confirm(find: (tx: Tx) => Promise<number>, input: VerifyInput): Promise<NotifyStatus> {
    const result = await db.write(async (tx) => {
      const questionId = await find(tx);
      const contact = await findContact(tx, questionId);
      if (!contact || contact.verified_at) return status(tx, questionId);
      const checked = checkCode(contact, questionId, input.code);
      if (checked === 'spent') throw new AppError('rate_limited', 'too many wrong codes; leave the contact again for a new one');
      if (checked === 'wrong') {
        await countWrongCode(tx, questionId);
        return null;
      }
      await markContactVerified(tx, questionId, clock());
      return status(tx, questionId);
    });
    if (!result) throw new AppError('bad_request', 'code: this is not the code that was sent');
    return result;
  }

  /** A question whose news its tracking code shows: the same rule as `byCode`. */
  async function publicByCode(tx: Tx, code: string): Promise<QuestionRow> {
    const row = await findByTrackingCode(tx, code);
    if (!row) throw new AppError('not_found', `no question has the code ${code}`);
    if (row.status === 'pending' || (row.status === 'rejected' && !row.merged_into)) throw new AppError('wrong_state', 'news of this question is not public yet');
    return row;
  }

  return {
    /**
     * Keeps one contact for one question, with consent given here. The asker is sent a code once to prove it is
     * theirs; a contact staff recorded from the asker's own call or letter needs none.
     */
    async leaveContact(actor: Actor, questionId: number, input: ContactInput): Promise<NotifyStatus> {
      const result = await db.write(async (tx) => {
        const row = await findQuestion(tx, questionId);
        if (!row) throw new AppError('not_found', `question ${questionId} does not exist`);
        return keepContact(tx, questionId, input, await mayKeepContact(tx, actor, row), actor);
      });
      wake();
      return result;
    },

    /**
     * Whoever holds a public question's tracking code may ask to be told its news, which that page shows anyway.
     * They never replace a contact the asker or staff left, nor one already confirmed; only their own, unconfirmed.
     */
    async leaveContactByCode(actor: Actor, code: string, input: ContactInput): Promise<NotifyStatus> {
      const result = await db.write(async (tx) => {
        const row = await publicByCode(tx, code);
        const existing = await findContact(tx, row.id);
        if (existing && (existing.consent_by !== BY_CODE || existing.verified_at)) {
          throw new AppError('conflict', 'someone is already told the news of this question');
        }
        return keepContact(tx, row.id, input, BY_CODE, actor);
      });
      wake();
      return result;
    },

    verifyByCode(code: string, input: VerifyInput): Promise<NotifyStatus> {
      return confirm(async (tx) => {
        const row = await publicByCode(tx, code);
        const contact = await findContact(tx, row.id);
        if (!contact || contact.consent_by !== BY_CODE) throw new AppError('not_found', `question ${code} has no contact left by its code`);
        return row.id;
      }, input);
    },

    verify(actor: Actor, questionId: number, input: VerifyInput): Promise<NotifyStatus> {
      return confirm(async (tx) => {
        const row = await findQuestion(tx, questionId);
        if (!row || row.resident_id !== actor.residentId) throw new AppError('not_found', `question ${questionId} has no contact of yours`);
        return questionId;
      }, input);
    },

    /** The contact or reminder a stop link belongs to, for the page that asks before stopping; reading changes nothing. */
    async stopPage(token: string): Promise<Pick<ContactRow, 'lang'> | undefined> {
      return db.read(async (tx) => (await findContactByStopToken(tx, token)) ?? findReminderByStopToken(tx, token));
    },

    /** The one-click stop in every message: the contact is deleted, and so is what was still to be sent. */
    async stop(token: string): Promise<Pick<ContactRow, 'lang'> | undefined> {
      return db.write(async (tx) => {
        const found = await findContactByStopToken(tx, token);
        // A reminder's stop link deletes the reminder: it has no news of a question to keep a record of.
        if (!found) return deleteReminderByStopToken(tx, token);
        await stopContact(tx, found.question_id, clock());
        return found;
      });
    },

    /** The tracking page: whether news of this question went out, and how, by its public code. */
    async byCode(code: string): Promise<NotifyStatus> {
      return db.read(async (tx) => {
        const row = await findByTrackingCode(tx, code);
        if (!row) throw new AppError('not_found', `no question has the code ${code}`);
        // Every code is tracked from the moment it is asked, but only a public question's news is shown by its code:
        // a question pending or set aside answers with none, so the code tells nobody else what its asker was told.
        if (row.status === 'pending' || (row.status === 'rejected' && !row.merged_into)) return { contact: null, deliveries: [] };
        const s = await status(tx, row.id);
        // The code is shared in public; who the contact is stays with the asker and staff.
        return { contact: s.contact ? { ...s.contact, masked: '' } : null, deliveries: s.deliveries.map((d) => ({ ...d, error: null })) };
      });
    },

    /** Every dead letter of the staff member's unit, with its reason, for the follow-up dashboard. */
    async deadLetters(actor: Actor): Promise<DeadLetter[]> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'question:moderate', unitId);
      return (await db.read((tx) => listDeadLetters(tx, unitId))).map(deadLetter);
    },

    /**
     * Sends a dead letter again from its first attempt, once staff have dealt with its reason (a channel turned on,
     * a mailbox that was full). A contact that was stopped or deleted is not written to again.
     */
    async retry(actor: Actor, id: number): Promise<DeadLetter> {
      const result = await db.write(async (tx) => {
        const row = await findDeadLetter(tx, id);
        if (!row) throw new AppError('not_found', `notification ${id} does not exist`);
        authorize(actor, 'question:moderate', row.unit_id);
        if (row.state !== 'dead') throw new AppError('wrong_state', 'only a dead letter can be retried');
        if (!row.address || row.stopped_at) throw new AppError('wrong_state', 'its contact was stopped or deleted');
        await retryDeadLetter(tx, id, clock());
        return deadLetter((await findDeadLetter(tx, id))!);
      });
      wake();
      return result;
    },

    /** Staff see the contact masked and each dead letter's reason. */
    async forStaff(actor: Actor, questionId: number): Promise<NotifyStatus> {
      return db.read(async (tx) => {
        const row = await findQuestion(tx, questionId);
        if (!row) throw new AppError('not_found', `question ${questionId} does not exist`);
        authorize(actor, 'question:moderate', (await requireSession(tx, row.session_id)).unitId);
        return status(tx, questionId);
      });
    },
  };
}
export type NotifyService = ReturnType<typeof createNotifyService>;
