import { detachRequestResidents, forgetResidentBackings, listRequestsToDetach } from '../dialogue-requests/dialogue-requests.repository.ts';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.ts';
import { isPublic } from '../../shared/rules/moderation.ts';
import { addWorkingDays, hanoiDay } from '../../shared/rules/working-days.ts';
import {
  PRIVACY_REQUEST_WORKING_DAYS,
  type AskerName,
  type ErasureResult,
  type MyData,
  type PrivacyNotice,
  type PrivacyRequest,
  type PrivacyRequestInput,
  type UnitContactInput,
} from '../../shared/schemas/privacy.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, authorizeRole } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import { calendarExceptions } from '../calendar/calendar.repository.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import type { Notice } from '../core/notices.ts';
import { forgetReminders } from '../notify/reminders.repository.ts';
import { questionChanged, questionRemoved } from '../questions/question-changes.ts';
import { toOwnQuestion } from '../questions/question-views.ts';
import { anonymizeQuestion, deleteQuestionRow, findQuestion, listHeldQuestions, type HeldQuestion } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { optimizeSearchIndex, unindexQuestion } from '../core/search-index.repository.ts';
import { deleteQuestionNotifications, forgetContact } from '../core/outbox.repository.ts';
import { deleteFollowup, forgetAskerWords } from '../followups/followups.repository.ts';
import { clearStage, deleteResidentStage, listHeldStage } from '../media/media.repository.ts';
import { deleteResidentPollVotes, listHeldPollVotes } from '../polls/polls.repository.ts';
import { deleteQuestionVotes, deleteResidentVotes, listHeldVotes } from '../votes/votes.repository.ts';
import { listSessionsToDetach, markResidentsDetached } from '../sessions/sessions.repository.ts';
import { findUnitContact, firstUnitId, saveUnitContact } from '../units/units.repository.ts';
import {
  closePrivacyRequest,
  detachSessionResidents,
  findPrivacyRequestUnit,
  insertPrivacyRequest,
  listPrivacyRequests,
} from './privacy.repository.ts';

/** A resident id no browser holds: what a kept question carries once its asker is forgotten. */
const unlinkedId = (prefix: 'erased') => `${prefix}:${randomBytes(12).toString('hex')}`;

/** Keeps a question (answered in public, or others merged into it) but nothing that names or links its asker. */
async function anonymize(tx: Tx, id: number): Promise<void> {
  await anonymizeQuestion(tx, id, unlinkedId('erased'));
  await forgetAskerWords(tx, id);
  await forgetContact(tx, id);
}

/** Deletes a question and everything hanging from it; its search entry goes with it. */
export async function deleteQuestion(tx: Tx, id: number): Promise<void> {
  await deleteQuestionVotes(tx, id);
  await deleteFollowup(tx, id);
  await forgetContact(tx, id);
  await deleteQuestionNotifications(tx, id);
  await unindexQuestion(tx, id);
  await deleteQuestionRow(tx, id);
}

/** Text stays only where it was answered in public, or where other residents' questions were merged into it. */
function keepsText(q: HeldQuestion): boolean {
  return q.status === 'answered' || q.followup_status === 'answered' || q.merged_here > 0;
}

export interface Erasure {
  result: ErasureResult;
  notices: Notice[];
  /** Counts to send again to everybody watching: questions' votes and polls' results. */
  votesChanged: Array<{ sessionId: number; questionId: number }>;
  pollsChanged: Array<{ sessionId: number; pollId: number }>;
}

export function createPrivacyService(deps: { db: Database; clock: Clock; logger: Logger; retentionMonths: number }) {
  const { db, clock, logger, retentionMonths } = deps;

  return {
    async notice(unitId: number | undefined): Promise<PrivacyNotice> {
      const unit = await db.read(async (tx) => {
        const id = unitId ?? (await firstUnitId(tx));
        return id === undefined ? undefined : findUnitContact(tx, id);
      });
      if (!unit) throw new AppError('not_found', `unit ${unitId ?? ''} does not exist`.trim());
      return { unit, retentionMonths, requestWorkingDays: PRIVACY_REQUEST_WORKING_DAYS };
    },

    async saveContact(actor: Actor, input: UnitContactInput): Promise<PrivacyNotice> {
      authorizeRole(actor, 'unit:manage');
      const unitId = actor.staff!.unitId;
      await db.write(async (tx) => {
        await saveUnitContact(tx, unitId, input);
        await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'unit.contact', detail: { ...input }, at: clock() });
      });
      return this.notice(unitId);
    },

    /** Everything held about the caller's resident id (Law 91/2025/QH15 Art. 4: the right to access). */
    async myData(actor: Actor): Promise<MyData> {
      return db.read(async (tx) => {
        const questions = await listHeldQuestions(tx, actor.residentId);
        return {
          exportedAt: clock().toISOString(),
          questions: questions.map((q) => ({
            ...toOwnQuestion(q),
            nameBasis: q.name_basis,
            originalText: q.original_text,
            rating: q.rating,
            ratingComment: q.rating_comment,
            reopenReason: q.reopen_reason,
          })),
          votes: await listHeldVotes(tx, actor.residentId),
          pollVotes: await listHeldPollVotes(tx, actor.residentId),
          stage: await listHeldStage(tx, actor.residentId),
        };
      });
    },

    /**
     * Erases what the caller's resident id holds, in one transaction (Art. 4, right to erasure): votes and poll
     * choices are removed from the counts; questions answered in public keep their text without name or id,
     * the others are deleted. The audit entry records that it happened and the counts, not what was erased.
     */
    async erase(actor: Actor): Promise<Erasure> {
      const erasure = await db.write(async (tx) => {
        const now = clock();
        const votesChanged = await deleteResidentVotes(tx, actor.residentId);
        const polls = await deleteResidentPollVotes(tx, actor.residentId);
        await deleteResidentStage(tx, actor.residentId);
        await forgetReminders(tx, actor.residentId);
        await forgetResidentBackings(tx, actor.residentId, unlinkedId('erased'));
        const notices: Notice[] = [];
        const removed = new Set<number>();
        let removedPublic = false;
        let kept = 0;
        for (const q of await listHeldQuestions(tx, actor.residentId)) {
          if (keepsText(q)) {
            await anonymize(tx, q.id);
            notices.push(...(await questionChanged(tx, (await findQuestion(tx, q.id))!, q.status)));
            kept += 1;
          } else {
            await deleteQuestion(tx, q.id);
            notices.push(...(await questionRemoved(tx, q)));
            removed.add(q.id);
            removedPublic ||= isPublic(q.status);
          }
        }
        // FTS5 keeps a deleted row's words in its segments until they are merged.
        if (removedPublic) await optimizeSearchIndex(tx);
        const result = { questionsRemoved: removed.size, questionsKept: kept, votesRemoved: votesChanged.length, pollVotesRemoved: polls.removed };
        await appendAudit(tx, { unitId: null, sessionId: null, questionId: null, actor: 'resident', action: 'privacy.erase', detail: { ...result }, at: now });
        // Counts only: the staff rooms of the touched sessions are told by the question notices above.
        return {
          result,
          notices: notices.filter((n) => n.to.kind !== 'resident'),
          votesChanged: votesChanged.filter((v) => !removed.has(v.questionId)),
          pollsChanged: polls.polls,
        };
      });
      await db.truncateWal();
      return erasure;
    },

    /** The name an asker did not publish, for staff who need it; each reading is audited (who, when, which question). */
    async readAskerName(actor: Actor, questionId: number): Promise<AskerName> {
      return db.write(async (tx) => {
        const row = await findQuestion(tx, questionId);
        if (!row) throw new AppError('not_found', `question ${questionId} does not exist`);
        const session = await requireSession(tx, row.session_id);
        authorize(actor, 'feed:staff', session.unitId);
        await appendAudit(tx, { unitId: session.unitId, sessionId: session.id, questionId, actor: actorLabel(actor), action: 'question.asker_name_read', detail: {}, at: clock() });
        return { questionId, name: row.author_name };
      });
    },

    async listRequests(actor: Actor): Promise<PrivacyRequest[]> {
      authorizeRole(actor, 'privacy:requests');
      return db.read((tx) => listPrivacyRequests(tx, actor.staff!.unitId, hanoiDay(clock())));
    },

    /** A request received by letter, at the office or by phone: due two working days after it arrived (Decree 356/2025). */
    async recordRequest(actor: Actor, input: PrivacyRequestInput): Promise<PrivacyRequest> {
      authorizeRole(actor, 'privacy:requests');
      const unitId = actor.staff!.unitId;
      const now = clock();
      const today = hanoiDay(now);
      const receivedDay = input.receivedDay ?? today;
      if (receivedDay > today) throw new AppError('bad_request', 'receivedDay: cannot be in the future');
      return db.write(async (tx) => {
        const dueDay = addWorkingDays(receivedDay, PRIVACY_REQUEST_WORKING_DAYS, await calendarExceptions(tx, unitId));
        const request = await insertPrivacyRequest(tx, unitId, { ...input, receivedDay, dueDay }, actorLabel(actor), now, today);
        await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'privacy.request', detail: { id: request.id, kind: input.kind, channel: input.channel, dueDay }, at: now });
        return request;
      });
    },

    async closeRequest(actor: Actor, id: number, outcome: string): Promise<PrivacyRequest> {
      authorizeRole(actor, 'privacy:requests');
      return db.write(async (tx) => {
        const unitId = await findPrivacyRequestUnit(tx, id);
        if (unitId === undefined) throw new AppError('not_found', `request ${id} does not exist`);
        authorize(actor, 'privacy:requests', unitId);
        const now = clock();
        const request = await closePrivacyRequest(tx, id, outcome, now, hanoiDay(now));
        await appendAudit(tx, { unitId, sessionId: null, questionId: null, actor: actorLabel(actor), action: 'privacy.request_done', detail: { id }, at: now });
        return request;
      });
    },

    /**
     * Detaches resident ids from sessions that ended, and from dialogue requests decided, more than the retention
     * period ago; returns the sessions' ids.
     */
    async detachExpired(): Promise<number[]> {
      const cutoff = new Date(clock().getTime());
      cutoff.setUTCMonth(cutoff.getUTCMonth() - retentionMonths);
      const [due, requests] = await db.read(async (tx) => [await listSessionsToDetach(tx, cutoff), await listRequestsToDetach(tx, cutoff)]);
      for (const sessionId of due) {
        await db.write(async (tx) => {
          await detachSessionResidents(tx, sessionId);
          await clearStage(tx, sessionId);
          await markResidentsDetached(tx, sessionId, clock());
        });
        logger.info({ sessionId, retentionMonths }, 'resident ids detached from an ended session');
      }
      for (const requestId of requests) {
        await db.write((tx) => detachRequestResidents(tx, requestId));
        logger.info({ requestId, retentionMonths }, 'resident ids detached from a decided dialogue request');
      }
      return due;
    },
  };
}
export type PrivacyService = ReturnType<typeof createPrivacyService>;
