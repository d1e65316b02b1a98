import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { addWorkingDays, hanoiDay } from '../../shared/rules/working-days.ts';
import type { QuestionStatus } from '../../shared/schemas/question.ts';
import { type Allowances, type AnswerInput, type AssignInput, type CloseInput, type FollowupView, type RateInput, type ReopenInput, type SeenInput } from '../../shared/schemas/followup.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database, Queryable, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit, listPublicSteps } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import { questionChanged } from '../questions/question-changes.ts';
import { tellAsker } from '../questions/question-news.ts';
import { toPublicQuestion } from '../questions/question-views.ts';
import { UNANSWERED_STATUSES } from '../../shared/rules/moderation.ts';
import {
  findByTrackingCode,
  findQuestion,
  findQuestions,
  listAskedBy,
  listReportedQuestions,
  listWithoutFollowup,
  updateQuestion,
  type QuestionRow,
} from '../questions/questions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { adoptAttachment } from './attachments.ts';
import type { StagedAttachment } from './attachment-upload.ts';
import { allowances, calendarExceptions, findDepartment } from '../calendar/calendar.repository.ts';
import {
  appendFollowupEvent,
  findFollowup,
  followupsOf,
  listFollowupEvents,
  listUnitFollowups,
  markAnswersSeen,
  saveFollowup,
  type FollowupEventRow,
  type FollowupRow,
} from './followups.repository.ts';

const DUE_SOON_WORKING_DAYS = 2;

/** A question may be given a fate while it is unanswered, or, after its session, still awaiting moderation. */
function awaitsFate(status: QuestionStatus): boolean {
  return status === 'pending' || UNANSWERED_STATUSES.includes(status);
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

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

  /**
   * The follow-up views of these questions in four statements however many there are: lists (the report, the
   * dashboard) would otherwise read each question's follow-up and history one by one.
   */
  async function views(tx: Queryable, rows: readonly QuestionRow[]): Promise<FollowupView[]> {
    // A merged question follows the fate of the one it was merged into.
    const merged = await findQuestions(tx, [...new Set(rows.flatMap((row) => (row.merged_into ? [row.merged_into] : [])))]);
    const byId = new Map(merged.map((row) => [row.id, row]));
    const targetOf = (row: QuestionRow) => (row.merged_into ? (byId.get(row.merged_into) ?? row) : row);
    const targetIds = [...new Set(rows.map((row) => targetOf(row).id))];
    const followups = await followupsOf(tx, targetIds);
    const steps = groupBy(await listPublicSteps(tx, rows.map((row) => row.id)), (s) => s.questionId);
    const events = groupBy(await listFollowupEvents(tx, targetIds), (e) => e.question_id);
    const today = hanoiDay(clock());
    return rows.map((row) => {
      const target = targetOf(row);
      const f = followups.get(target.id);
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
        history: history(row, steps.get(row.id) ?? [], events.get(target.id) ?? []),
      };
    });
  }

  async function view(tx: Queryable, row: QuestionRow): Promise<FollowupView> {
    return (await views(tx, [row]))[0]!;
  }

  /** The question's public story in time order: asked, approved, on stage, answered live, then its follow-up. */
  function history(row: QuestionRow, steps: ReadonlyArray<{ kind: string; at: string }>, events: readonly FollowupEventRow[]): FollowupView['history'] {
    const step = (kind: string, at: string) => ({ kind, at, fromDepartment: null, toDepartment: null, reason: null });
    const moderation = [step('asked', row.created_at), ...steps.map((s) => step(s.kind, s.at))];
    const followup = events.map((e) => ({
      kind: e.kind,
      at: e.at,
      fromDepartment: e.from_dept,
      toDepartment: e.to_dept,
      reason: e.reason,
    }));
    // Stable: steps stamped in the same millisecond keep the order they were written in.
    return [...moderation, ...followup].sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The questions of these follow-ups, in the same order. */
  async function questionsOf(tx: Queryable, list: readonly FollowupRow[]): Promise<QuestionRow[]> {
    const byId = new Map((await findQuestions(tx, list.map((f) => f.question_id))).map((row) => [row.id, row]));
    return list.map((f) => byId.get(f.question_id)!);
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
        return views(tx, await listReportedQuestions(tx, sessionId));
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
        return views(tx, await listWithoutFollowup(tx, sessionId, session.state === 'ended'));
      });
    },

    /** Assigns a question to a department, or hands it over to another one with a reason; the clock starts anew. */
    async assign(actor: Actor, questionId: number, input: AssignInput): Promise<WriteResult<FollowupView>> {
      return db.write(async (tx) => {
        const { row: asked, unitId, ended } = await questionFor(tx, questionId);
        authorize(actor, 'followup:manage', unitId);
        if (!awaitsFate(asked.status) || asked.merged_into) {
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
        if (!awaitsFate(asked.status)) throw new AppError('wrong_state', `a question that is ${asked.status} cannot be closed`);
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
        const rows = await listAskedBy(tx, actor.residentId);
        return (await views(tx, rows)).map((found, i) => ({ ...found, newAnswer: rows[i]!.f_status === 'answered' && rows[i]!.asker_seen === 0 }));
      });
    },

    /** Marks the answers the asker has been shown as seen; another resident's questions are left as they are. */
    async markSeen(actor: Actor, input: SeenInput): Promise<{ seen: number }> {
      const ids = [...new Set(input.questionIds)];
      return { seen: await db.write((tx) => markAnswersSeen(tx, actor.residentId, ids)) };
    },

    /** Staff dashboard: what is overdue and what falls due within two working days. */
    async dashboard(actor: Actor): Promise<{ overdue: FollowupView[]; dueSoon: FollowupView[]; open: number }> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'followup:manage', unitId);
      return db.read(async (tx) => {
        const rows = (await listUnitFollowups(tx, unitId)).filter((f) => f.status === 'assigned');
        const today = hanoiDay(clock());
        const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, await calendarExceptions(tx, unitId));
        const overdue = rows.filter((f) => f.due_day! < today);
        const dueSoon = rows.filter((f) => f.due_day! >= today && f.due_day! <= soon);
        const listed = await views(tx, await questionsOf(tx, [...overdue, ...dueSoon]));
        return { overdue: listed.slice(0, overdue.length), dueSoon: listed.slice(overdue.length), open: rows.length };
      });
    },
  };
}
export type FollowupsService = ReturnType<typeof createFollowupsService>;
