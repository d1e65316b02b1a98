import { createHash, randomBytes, randomInt } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { ContactInput, NotifyStatus, VerifyInput } from '../../shared/schemas/notify.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { findByTrackingCode, findQuestion, type QuestionRow } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import {
  countWrongCode,
  enqueueNotification,
  findContact,
  listQuestionNotifications,
  markContactVerified,
  saveContact,
  stopContact,
} from '../core/outbox.repository.ts';

const MAX_CODE_ATTEMPTS = 5;

const hashCode = (questionId: number, code: string) => createHash('sha256').update(`${questionId}:${code}`).digest('hex');

/** Shows staff enough to recognise a contact, never the whole of it. */
export function maskAddress(channel: string, address: string): string {
  if (channel === 'email') {
    const [user = '', domain = ''] = address.split('@');
    return `${user.slice(0, 1)}***@${domain}`;
  }
  return `${address.slice(0, 2)}****${address.slice(-3)}`;
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
        .flatMap((r) => (r.kind === 'verify' ? [] : [{ ...r, kind: r.kind }]))
        .map((r) => ({ kind: r.kind, state: r.state, channel: r.channel, sentAt: r.sent_at, error: r.state === 'dead' ? r.last_error : null })),
    };
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
        const by = await mayKeepContact(tx, actor, row);
        const now = clock();
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        await saveContact(
          tx,
          {
            question_id: questionId,
            channel: input.channel,
            address: input.address,
            lang: input.lang,
            consent_by: by === 'asker' ? 'asker' : actorLabel(actor),
            code_hash: by === 'asker' ? hashCode(questionId, code) : null,
            verified_at: by === 'asker' ? null : now.toISOString(),
            stop_token: randomBytes(24).toString('base64url'),
          },
          now,
        );
        if (by === 'asker') {
          await enqueueNotification(tx, { questionId, kind: 'verify', key: `verify:${questionId}:${randomBytes(6).toString('hex')}`, params: { code }, now });
        }
        return status(tx, questionId);
      });
      wake();
      return result;
    },

    async verify(actor: Actor, questionId: number, input: VerifyInput): Promise<NotifyStatus> {
      return db.write(async (tx) => {
        const row = await findQuestion(tx, questionId);
        if (!row || row.resident_id !== actor.residentId) throw new AppError('not_found', `question ${questionId} has no contact of yours`);
        const contact = await findContact(tx, questionId);
        if (!contact || contact.verified_at) return status(tx, questionId);
        if (contact.code_attempts >= MAX_CODE_ATTEMPTS) throw new AppError('rate_limited', 'too many wrong codes; leave the contact again for a new one');
        if (contact.code_hash !== hashCode(questionId, input.code)) {
          await countWrongCode(tx, questionId);
          throw new AppError('bad_request', 'code: this is not the code that was sent');
        }
        await markContactVerified(tx, questionId, clock());
        return status(tx, questionId);
      });
    },

    /** The one-click stop in every message: the contact is deleted, and so is what was still to be sent. */
    async stop(token: string): Promise<boolean> {
      return db.write((tx) => stopContact(tx, token, clock()));
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
