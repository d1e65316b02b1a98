import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { addWorkingDays, hanoiDay } from '../../shared/rules/working-days.ts';
import { MY_QUESTIONS_MAX, type Allowances, type AnswerInput, type AssignInput, type CloseInput, type FollowupView, type RateInput, type ReopenInput, type SeenInput } from '../../shared/schemas/followup.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit, listPublicSteps } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import { questionChanged } from '../questions/question-changes.ts';
import { tellAsker } from '../questions/question-news.ts';
import { toPublicQuestion } from '../questions/question-views.ts';
import { findByTrackingCode, findQuestion, updateQuestion, type QuestionRow } from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { adoptAttachment } from './attachments.ts';
import type { StagedAttachment } from './attachment-upload.ts';
import { allowances, calendarExceptions, findDepartment } from '../calendar/calendar.repository.ts';
import { appendFollowupEvent, findFollowup, listFollowupEvents, listUnitFollowups, saveFollowup, type FollowupRow } from './followups.repository.ts';

const DUE_SOON_WORKING_DAYS = 2;

export function createFollowupsService(deps: { db: Database; clock: Clock; attachmentsDir: string; publish?: (notices: Notice[]) => void }) {
  const { db, clock, attachmentsDir, publish } = deps;

  /** Tells the asker's open pages at once, after the commit, as the outbox tells their contact. */
  function mineNotice(residentId: string, view: FollowupView): Notice {
    return { to: { kind: 'resident', residentId }, event: 'followup:mine', payload: { view } };
  }

  function tellPages(written: { view: FollowupView; residentId: string }): FollowupView {
    publish?.([mineNotice(written.residentId, written.view)]);
    return written.view;
  }

  async function questionFor(tx: Tx, questionId: number): Promise<{ row: QuestionRow; unitId: number; ended: boolean }> {
    const row = await findQuestion(tx, questionId);
    if (!row) throw new AppError('not_found', `question ${questionId} does not exist`);
    const session = await requireSession(tx, row.session_id);
    return { row, unitId: session.unitId, ended: session.state === 'ended' };
  }

  /**
   * A question nobody moderated before its session ended is decided in the follow-up desk: giving it a fate
   * (a written answer, or closing it with a reason) accepts it as a public question, in the same write. One that
   * should not be public is rejected with a reason instead, as on the console.
   */
  async function acceptLeftPending(tx: Tx, row: QuestionRow, ended: boolean, unitId: number, actor: Actor, now: Date): Promise<{ row: QuestionRow; notices: Notice[] }> {
    if (row.status !== 'pending') return { row, notices: [] };
    if (!ended) throw new AppError('wrong_state', 'a pending question is moderated on the console while its session runs');
    const approved = await updateQuestion(tx, row.id, { status: 'approved', reject_reason: null, reject_note: null });
    const audit = await appendAudit(tx, { unitId, sessionId: row.session_id, questionId: row.id, actor: actorLabel(actor), action: 'question.approve', detail: { after: 'session ended' }, at: now });
    return { row: approved, notices: await questionChanged(tx, approved, 'pending', audit) };
  }

  async function dueDay(tx: Tx, unitId: number, urgency: keyof Allowances, receivedAt: Date): Promise<string> {
    const days = (await allowances(tx, unitId))[urgency];
    return addWorkingDays(hanoiDay(receivedAt), days, await calendarExceptions(tx, unitId));
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
      externalRef: row.external_ref,
      answeredLate: !!f?.answered_at && !!f.due_day && hanoiDay(new Date(f.answered_at)) > f.due_day,
      history: await history(tx, row, target),
    };
  }

  /** The question's public story in time order: asked, approved, on stage, answered live, then its follow-up. */
  async function history(tx: Pick<Tx, 'get' | 'all'>, row: QuestionRow, target: QuestionRow): Promise<FollowupView['history']> {
    const step = (kind: string, at: string) => ({ kind, at, fromDepartment: null, toDepartment: null, reason: null });
    const moderation = [step('asked', row.created_at), ...(await listPublicSteps(tx, row.id)).map((s) => step(s.kind, s.at))];
    const followup = (await listFollowupEvents(tx, target.id)).map((e) => ({
      kind: e.kind,
      at: e.at,
      fromDepartment: e.from_dept,
      toDepartment: e.to_dept,
      reason: e.reason,
    }));
    // Stable: steps stamped in the same millisecond keep the order they were written in.
    return [...moderation, ...followup].sort((a, b) => a.at.localeCompare(b.at));
  }

  function requireFollowup(f: FollowupRow | undefined, questionId: number): FollowupRow {
    if (!f) throw new AppError('wrong_state', `question ${questionId} has no follow-up yet`);
    return f;
  }

  return {
    /** Where answers' files are kept, and received into. */
    attachmentsDir,

    /**
     * Public: a question's whole story by its tracking code, from the moment it was asked. A question still
     * awaiting moderation says so, but only its asker sees its words: codes are sequential, so anybody could guess one.
     */
    async lookup(code: string, actor: Actor): Promise<FollowupView> {
      return db.read(async (tx) => {
        const row = await findByTrackingCode(tx, code);
        if (!row || (row.status === 'rejected' && !row.merged_into)) {
          throw new AppError('not_found', `no public question has the code ${code}`);
        }
        const found = await view(tx, row);
        if (row.status !== 'pending' || row.resident_id === actor.residentId) return found;
        return { ...found, question: { ...found.question, text: '', authorName: null, topic: null } };
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

    /**
     * The questions of an ended session that still need a decision: approved but neither answered live nor given a
     * fate, and those left awaiting moderation when it ended (none may vanish).
     */
    async needingFate(actor: Actor, sessionId: number): Promise<FollowupView[]> {
      return db.read(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'followup:manage', session.unitId);
        const rows = await tx.all<QuestionRow>(
          `SELECT q.* FROM questions q LEFT JOIN followups f ON f.question_id = q.id
           WHERE q.session_id = ? AND q.merged_into IS NULL AND f.question_id IS NULL
             AND (q.status IN ('approved', 'on_stage') OR (q.status = 'pending' AND ?))
           ORDER BY q.vote_count DESC, q.id`,
          [sessionId, session.state === 'ended' ? 1 : 0],
        );
        return Promise.all(rows.map((row) => view(tx, row)));
      });
    },

    /** Assigns a question to a department, or hands it over to another one with a reason; the clock starts anew. */
    async assign(actor: Actor, questionId: number, input: AssignInput): Promise<WriteResult<FollowupView>> {
      return db.write(async (tx) => {
        const { row: asked, unitId, ended } = await questionFor(tx, questionId);
        authorize(actor, 'followup:manage', unitId);
        if (!['pending', 'approved', 'on_stage'].includes(asked.status) || asked.merged_into) {
          throw new AppError('wrong_state', `a question that is ${asked.status} cannot be assigned`);
        }
        const now = clock();
        const { row, notices } = await acceptLeftPending(tx, asked, ended, unitId, actor, now);
        const department = await findDepartment(tx, input.departmentId);
        if (!department || department.unitId !== unitId) throw new AppError('not_found', `department ${input.departmentId} does not exist`);
        const before = await findFollowup(tx, questionId);
        if (before && before.status !== 'assigned') throw new AppError('wrong_state', `the follow-up is already ${before.status}`);
        const handover = !!before && before.department_id !== department.id;
        if (handover && !input.reason) throw new AppError('bad_request', 'reason: say why the question goes to another department');
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
        const result = await view(tx, row);
        // The asker's open page hears of it at once, like the tracking page.
        return { result, notices: [...notices, mineNotice(row.resident_id, result)] };
      });
    },

    async close(actor: Actor, questionId: number, input: CloseInput): Promise<WriteResult<FollowupView>> {
      return db.write(async (tx) => {
        const { row: asked, unitId, ended } = await questionFor(tx, questionId);
        authorize(actor, 'followup:manage', unitId);
        const before = await findFollowup(tx, questionId);
        if (before && before.status !== 'assigned') throw new AppError('wrong_state', `the follow-up is already ${before.status}`);
        if (!['pending', 'approved', 'on_stage'].includes(asked.status)) throw new AppError('wrong_state', `a question that is ${asked.status} cannot be closed`);
        const now = clock();
        const { row, notices } = await acceptLeftPending(tx, asked, ended, unitId, actor, now);
        await saveFollowup(tx, questionId, row.session_id, { fate: 'closed', status: 'closed', close_reason: input.reason }, now);
        await appendFollowupEvent(tx, questionId, { kind: 'closed', actor: actorLabel(actor), reason: [input.reason, input.note].filter(Boolean).join(': ') }, now);
        await appendAudit(tx, { unitId, sessionId: row.session_id, questionId, actor: actorLabel(actor), action: 'followup.close', detail: { reason: input.reason, note: input.note ?? null }, at: now });
        return { result: await view(tx, row), notices };
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
        const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, await calendarExceptions(tx, unitId));
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
