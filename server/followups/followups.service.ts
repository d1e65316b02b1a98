import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { addWorkingDays, hanoiDay } from '../../shared/rules/working-days.ts';
import { MY_QUESTIONS_MAX, type Allowances, type AnswerInput, type AssignInput, type CloseInput, type FollowupView, type RateInput, type ReopenInput, type SeenInput } from '../../shared/schemas/followup.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Tx } from '../db/database.ts';
import type { Clock } from '../limits/rate-limiter.ts';
import type { Notice } from '../realtime/notices.ts';
import { appendAudit } from '../moderation/audit.repository.ts';
import { tellAsker } from '../notify/question-news.ts';
import { toPublicQuestion } from '../questions/question-views.ts';
import { findByTrackingCode, findQuestion, type QuestionRow } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { adoptAttachment } from './attachments.ts';
import type { StagedAttachment } from './attachment-upload.ts';
import { allowances, calendarExceptions, findDepartment } from './calendar.repository.ts';
import { appendFollowupEvent, findFollowup, listFollowupEvents, listUnitFollowups, saveFollowup, type FollowupRow } from './followups.repository.ts';

const DUE_SOON_WORKING_DAYS = 2;

export function createFollowupsService(deps: { db: Database; clock: Clock; attachmentsDir: string; publish?: (notices: Notice[]) => void }) {
  const { db, clock, attachmentsDir, publish } = deps;

  /** Tells the asker's open pages at once, after the commit, as the outbox tells their contact. */
  function tellPages(written: { view: FollowupView; residentId: string }): FollowupView {
    publish?.([{ to: { kind: 'resident', residentId: written.residentId }, event: 'followup:mine', payload: { view: written.view } }]);
    return written.view;
  }

  async function questionFor(tx: Tx, questionId: number): Promise<{ row: QuestionRow; unitId: number }> {
    const row = await findQuestion(tx, questionId);
    if (!row) throw new AppError('not_found', `question ${questionId} does not exist`);
    const session = await requireSession(tx, row.session_id);
    return { row, unitId: session.unitId };
  }

  async function dueDay(tx: Tx, unitId: number, urgency: keyof Allowances, receivedAt: Date): Promise<string> {
    const days = (await allowances(tx, unitId))[urgency];
    return addWorkingDays(hanoiDay(receivedAt), days, await calendarExceptions(tx));
  }

  async function view(tx: Pick<Tx, 'get' | 'all'>, row: QuestionRow): Promise<FollowupView> {
    // A merged question follows the fate of the one it was merged into.
    const target = row.merged_into ? ((await findQuestion(tx, row.merged_into)) ?? row) : row;
    const f = await findFollowup(tx, target.id);
    const today = hanoiDay(clock());
    return {
      question: toPublicQuestion(row),
      fate: row.merged_into ? 'merged' : (f?.fate ?? null),
      status: f?.status ?? null,
      department: f?.department_name ?? null,
      urgency: f?.urgency ?? null,
      receivedAt: f?.received_at ?? null,
      dueDay: f?.due_day ?? null,
      overdue: f?.status === 'assigned' && !!f.due_day && f.due_day < today,
      closeReason: f?.close_reason ?? null,
      answer:
        f?.answer_text && f.answered_at
          ? {
              text: f.answer_text,
              answeredAt: f.answered_at,
              attachment: f.attachment_file
                ? { name: f.attachment_name!, url: `/api/questions/${target.tracking_code}/attachment`, mime: f.attachment_mime!, size: f.attachment_size! }
                : null,
            }
          : null,
      rating: f?.rating ?? null,
      ratingComment: f?.rating_comment ?? null,
      reopened: !!f?.reopened_at,
      mergedInto: row.merged_into ? target.tracking_code : null,
      history: (await listFollowupEvents(tx, target.id)).map((e) => ({
        kind: e.kind,
        at: e.at,
        fromDepartment: e.from_dept,
        toDepartment: e.to_dept,
        reason: e.reason,
      })),
    };
  }

  function requireFollowup(f: FollowupRow | undefined, questionId: number): FollowupRow {
    if (!f) throw new AppError('wrong_state', `question ${questionId} has no follow-up yet`);
    return f;
  }

  return {
    /** Where answers' files are kept, and received into. */
    attachmentsDir,

    /** Public: a question's whole story by its tracking code. */
    async lookup(code: string): Promise<FollowupView> {
      return db.read(async (tx) => {
        const row = await findByTrackingCode(tx, code);
        if (!row || row.status === 'pending' || (row.status === 'rejected' && !row.merged_into)) {
          throw new AppError('not_found', `no public question has the code ${code}`);
        }
        return view(tx, row);
      });
    },

    async attachment(code: string): Promise<{ path: string; name: string; mime: string }> {
      const found = await db.read(async (tx) => {
        const row = await findByTrackingCode(tx, code);
        return row ? findFollowup(tx, row.id) : undefined;
      });
      if (!found?.attachment_file || found.status === 'assigned') throw new AppError('not_found', 'no published attachment');
      return { path: join(attachmentsDir, found.attachment_file), name: found.attachment_name!, mime: found.attachment_mime! };
    },

    /** "You asked, we answered": every public question of a session, and every merged one, with its fate. */
    async report(sessionId: number): Promise<FollowupView[]> {
      return db.read(async (tx) => {
        await requireSession(tx, sessionId);
        const rows = await tx.all<QuestionRow>(
          `SELECT * FROM questions WHERE session_id = ? AND (status IN ('approved', 'on_stage', 'answered') OR merged_into IS NOT NULL)
           ORDER BY vote_count DESC, id`,
          [sessionId],
        );
        return Promise.all(rows.map((row) => view(tx, row)));
      });
    },

    /** The questions of an ended session that were approved but neither answered live nor given a fate. */
    async needingFate(actor: Actor, sessionId: number): Promise<FollowupView[]> {
      return db.read(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'followup:manage', session.unitId);
        const rows = await tx.all<QuestionRow>(
          `SELECT q.* FROM questions q LEFT JOIN followups f ON f.question_id = q.id
           WHERE q.session_id = ? AND q.status IN ('approved', 'on_stage') AND q.merged_into IS NULL AND f.question_id IS NULL
           ORDER BY q.vote_count DESC, q.id`,
          [sessionId],
        );
        return Promise.all(rows.map((row) => view(tx, row)));
      });
    },

    /** Assigns a question to a department, or hands it over to another one with a reason; the clock starts anew. */
    async assign(actor: Actor, questionId: number, input: AssignInput): Promise<FollowupView> {
      return tellPages(await db.write(async (tx) => {
        const { row, unitId } = await questionFor(tx, questionId);
        authorize(actor, 'followup:manage', unitId);
        if (!['approved', 'on_stage'].includes(row.status) || row.merged_into) {
          throw new AppError('wrong_state', `a question that is ${row.status} cannot be assigned`);
        }
        const department = await findDepartment(tx, input.departmentId);
        if (!department || department.unitId !== unitId) throw new AppError('not_found', `department ${input.departmentId} does not exist`);
        const before = await findFollowup(tx, questionId);
        if (before && before.status !== 'assigned') throw new AppError('wrong_state', `the follow-up is already ${before.status}`);
        const handover = !!before && before.department_id !== department.id;
        if (handover && !input.reason) throw new AppError('bad_request', 'reason: say why the question goes to another department');
        const now = clock();
        await saveFollowup(
          tx,
          questionId,
          row.session_id,
          { fate: 'written', status: 'assigned', department_id: department.id, urgency: input.urgency, received_at: now.toISOString(), due_day: await dueDay(tx, unitId, input.urgency, now) },
          now,
        );
        await appendFollowupEvent(
          tx,
          questionId,
          { kind: before ? 'reassigned' : 'assigned', actor: actorLabel(actor), fromDept: before?.department_name ?? null, toDept: department.name, reason: input.reason ?? null },
          now,
        );
        const audit = await appendAudit(tx, { unitId, sessionId: row.session_id, questionId, actor: actorLabel(actor), action: before ? 'followup.reassign' : 'followup.assign', detail: { department: department.name, urgency: input.urgency, reason: input.reason ?? null }, at: now });
        const saved = requireFollowup(await findFollowup(tx, questionId), questionId);
        await tellAsker(tx, questionId, handover ? 'handed_over' : 'assigned', audit.id, { department: department.name, dueDay: saved.due_day, code: row.tracking_code }, now);
        return { view: await view(tx, row), residentId: row.resident_id };
      }));
    },

    async close(actor: Actor, questionId: number, input: CloseInput): Promise<FollowupView> {
      return db.write(async (tx) => {
        const { row, unitId } = await questionFor(tx, questionId);
        authorize(actor, 'followup:manage', unitId);
        const before = await findFollowup(tx, questionId);
        if (before && before.status !== 'assigned') throw new AppError('wrong_state', `the follow-up is already ${before.status}`);
        if (!['approved', 'on_stage'].includes(row.status)) throw new AppError('wrong_state', `a question that is ${row.status} cannot be closed`);
        const now = clock();
        await saveFollowup(tx, questionId, row.session_id, { fate: 'closed', status: 'closed', close_reason: input.reason }, now);
        await appendFollowupEvent(tx, questionId, { kind: 'closed', actor: actorLabel(actor), reason: [input.reason, input.note].filter(Boolean).join(': ') }, now);
        await appendAudit(tx, { unitId, sessionId: row.session_id, questionId, actor: actorLabel(actor), action: 'followup.close', detail: { reason: input.reason, note: input.note ?? null }, at: now });
        return view(tx, row);
      });
    },

    /** Publishes the written answer; the asker sees it as new in their list. */
    async answer(actor: Actor, questionId: number, input: AnswerInput, uploaded?: StagedAttachment): Promise<FollowupView> {
      const unitId = await db.read(async (tx) => (await questionFor(tx, questionId)).unitId);
      authorize(actor, 'followup:answer', unitId);
      const file = uploaded ? await adoptAttachment(uploaded) : {};
      return tellPages(await db.write(async (tx) => {
        const { row } = await questionFor(tx, questionId);
        const f = requireFollowup(await findFollowup(tx, questionId), questionId);
        if (f.status !== 'assigned') throw new AppError('wrong_state', `the follow-up is ${f.status}; only an assigned question can be answered`);
        const now = clock();
        await saveFollowup(tx, questionId, row.session_id, { status: 'answered', answer_text: input.text, answered_at: now.toISOString(), answered_by: actorLabel(actor), asker_seen: 0, ...file }, now);
        await appendFollowupEvent(tx, questionId, { kind: 'answered', actor: actorLabel(actor), toDept: f.department_name }, now);
        const audit = await appendAudit(tx, { unitId, sessionId: row.session_id, questionId, actor: actorLabel(actor), action: 'followup.answer', detail: { attachment: 'attachment_name' in file ? file.attachment_name : null }, at: now });
        await tellAsker(tx, questionId, 'answered_written', audit.id, { department: f.department_name, answer: input.text, code: row.tracking_code }, now);
        return { view: await view(tx, row), residentId: row.resident_id };
      }));
    },

    /** The asker, and only the asker, rates an answer once. */
    async rate(actor: Actor, questionId: number, input: RateInput): Promise<FollowupView> {
      return db.write(async (tx) => {
        const { row } = await questionFor(tx, questionId);
        if (row.resident_id !== actor.residentId) throw new AppError('forbidden', 'only the person who asked can rate the answer');
        const f = requireFollowup(await findFollowup(tx, questionId), questionId);
        if (f.status !== 'answered') throw new AppError('wrong_state', 'there is no answer to rate yet');
        if (f.rating) throw new AppError('conflict', 'this answer has already been rated');
        const now = clock();
        await saveFollowup(tx, questionId, row.session_id, { rating: input.rating, rating_comment: input.comment ?? null, rated_at: now.toISOString(), asker_seen: 1 }, now);
        await appendFollowupEvent(tx, questionId, { kind: 'rated', actor: 'asker', reason: input.rating }, now);
        return view(tx, row);
      });
    },

    /** The asker may send an answer back once, with a reason; it goes back to the same department with a new due date. */
    async reopen(actor: Actor, questionId: number, input: ReopenInput): Promise<FollowupView> {
      return db.write(async (tx) => {
        const { row, unitId } = await questionFor(tx, questionId);
        if (row.resident_id !== actor.residentId) throw new AppError('forbidden', 'only the person who asked can reopen the question');
        const f = requireFollowup(await findFollowup(tx, questionId), questionId);
        if (f.status !== 'answered') throw new AppError('wrong_state', 'only an answered question can be reopened');
        if (f.reopened_at) throw new AppError('conflict', 'this question has already been reopened once');
        const now = clock();
        await saveFollowup(
          tx,
          questionId,
          row.session_id,
          { status: 'assigned', reopened_at: now.toISOString(), reopen_reason: input.reason, received_at: now.toISOString(), due_day: await dueDay(tx, unitId, f.urgency ?? 'normal', now), rating: null, rating_comment: null, rated_at: null },
          now,
        );
        await appendFollowupEvent(tx, questionId, { kind: 'reopened', actor: 'asker', toDept: f.department_name, reason: input.reason }, now);
        return view(tx, row);
      });
    },

    /**
     * The asker's own questions of every session, with their fate. Reading changes nothing: the page says which
     * new answers it showed (`markSeen`), so a prefetch or a retried request does not hide them.
     */
    async mine(actor: Actor): Promise<Array<FollowupView & { newAnswer: boolean }>> {
      return db.read(async (tx) => {
        const rows = await tx.all<QuestionRow & { asker_seen: number | null; f_status: string | null }>(
          `SELECT q.*, f.asker_seen, f.status AS f_status FROM questions q LEFT JOIN followups f ON f.question_id = q.id
           WHERE q.resident_id = ? ORDER BY q.id DESC LIMIT ${MY_QUESTIONS_MAX}`,
          [actor.residentId],
        );
        return Promise.all(rows.map(async (row) => ({ ...(await view(tx, row)), newAnswer: row.f_status === 'answered' && row.asker_seen === 0 })));
      });
    },

    /** Marks the answers the asker has been shown as seen; another resident's questions are left as they are. */
    async markSeen(actor: Actor, input: SeenInput): Promise<{ seen: number }> {
      const ids = [...new Set(input.questionIds)];
      const { changes } = await db.write((tx) =>
        tx.run(
          `UPDATE followups SET asker_seen = 1
           WHERE asker_seen = 0 AND status = 'answered'
             AND question_id IN (SELECT id FROM questions WHERE resident_id = ? AND id IN (${ids.map(() => '?').join(', ')}))`,
          [actor.residentId, ...ids],
        ),
      );
      return { seen: changes };
    },

    /** Staff dashboard: what is overdue and what falls due within two working days. */
    async dashboard(actor: Actor): Promise<{ overdue: FollowupView[]; dueSoon: FollowupView[]; open: number }> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'followup:manage', unitId);
      return db.read(async (tx) => {
        const rows = (await listUnitFollowups(tx, unitId)).filter((f) => f.status === 'assigned');
        const today = hanoiDay(clock());
        const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, await calendarExceptions(tx));
        const asViews = async (list: FollowupRow[]) => Promise.all(list.map(async (f) => view(tx, (await findQuestion(tx, f.question_id))!)));
        return {
          overdue: await asViews(rows.filter((f) => f.due_day! < today)),
          dueSoon: await asViews(rows.filter((f) => f.due_day! >= today && f.due_day! <= soon)),
          open: rows.length,
        };
      });
    },
  };
}
export type FollowupsService = ReturnType<typeof createFollowupsService>;
