import type { Ack } from '../../../../shared/errors.ts';
import type { AnswerInput, AssignInput, Allowances, Department, FollowupView, RateInput, SeenInput, Urgency, CloseInput } from '../../../../shared/schemas/followup.ts';
import type { CalendarDay } from '../../../../shared/rules/working-days.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, TRACKING_CODE } from '../../../../shared/schemas/values.ts';
import type { ContactInput, NotifyStatus } from '../../../../shared/schemas/notify.ts';
import type { Commitment, CommitmentInput } from '../../../../shared/schemas/commitment.ts';
import type { Poll } from '../../../../shared/schemas/poll.ts';
import type { OwnQuestion, PublicQuestion, RejectReason, StaffQuestionInput } from '../../../../shared/schemas/question.ts';
import { command } from '../core/socket.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call, upload } from '../core/api.ts';

export type { FollowupDashboard as Dashboard, MyFollowup } from '../../../../shared/schemas/followup.ts';

/** "No question dropped": tracking, written answers, ratings, promises, and the settings behind due days. */
export const followupsApi = {
  lookup: (trackingCode: string) => call(PATHS.followups.lookup, { params: { code: trackingCode } }),
  notifications: (trackingCode: string) => call(PATHS.notify.byCode, { params: { code: trackingCode } }),
  report: (sessionId: number) => call(PATHS.followups.report, { params: { id: sessionId } }),
  mine: () => call(PATHS.followups.mine),
  rate: (questionId: number, input: RateInput) => call(PATHS.followups.rate, { params: { id: questionId }, body: input }),
  reopen: (questionId: number, reason: string) => call(PATHS.followups.reopen, { params: { id: questionId }, body: { reason } }),
  markSeen: (input: SeenInput) => call(PATHS.followups.seen, { body: input }),
  leaveContact: (questionId: number, input: ContactInput) => call(PATHS.notify.leaveContact, { params: { id: questionId }, body: input }),
  verifyContact: (questionId: number, code: string) => call(PATHS.notify.verify, { params: { id: questionId }, body: { code } }),
  leaveContactByCode: (trackingCode: string, input: ContactInput) => call(PATHS.notify.contactByCode, { params: { code: trackingCode }, body: input }),
  verifyContactByCode: (trackingCode: string, code: string) => call(PATHS.notify.verifyByCode, { params: { code: trackingCode }, body: { code } }),
  staffContact: (questionId: number, input: ContactInput) => call(PATHS.notify.staffContact, { params: { id: questionId }, body: input }),
  similar: (sessionId: number, text: string) => call(PATHS.questions.similar, { params: { id: sessionId }, query: { text } }),
  publicQuestions: (sessionId: number) => call(PATHS.questions.public, { params: { id: sessionId } }),

  needsFate: (sessionId: number) => call(PATHS.followups.needsFate, { params: { id: sessionId } }),
  dashboard: () => call(PATHS.followups.dashboard),
  deadLetters: () => call(PATHS.notify.deadLetters),
  retryNotification: (id: number) => call(PATHS.notify.retry, { params: { id } }),
  assign: (questionId: number, input: AssignInput) => call(PATHS.followups.assign, { params: { id: questionId }, body: input }),
  close: (questionId: number, reason: CloseInput['reason'], note?: string) => call(PATHS.followups.close, { params: { id: questionId }, body: { reason, note } }),
  answer: (questionId: number, input: AnswerInput, file?: File) => upload(PATHS.followups.answer, { id: questionId }, answerForm(input, file)),
  enterQuestion: (sessionId: number, input: StaffQuestionInput) => call(PATHS.questions.enter, { params: { id: sessionId }, body: input }),

  departments: (unitId: number) => call(PATHS.followups.departments, { params: { id: unitId } }),
  addDepartment: (name: string) => call(PATHS.followups.addDepartment, { body: { name } }),
  allowances: (unitId: number) => call(PATHS.followups.allowances, { params: { id: unitId } }),
  setAllowances: (values: Allowances) => call(PATHS.followups.setAllowances, { body: values }),
  calendar: (year: number) => call(PATHS.calendar.year, { params: { year } }),
  setCalendarDay: (day: CalendarDay) => call(PATHS.calendar.setDay, { body: day }),
  removeCalendarDay: (date: string) => call(PATHS.calendar.removeDay, { params: { date } }),
  themeSuggestions: (unitId: number) => call(PATHS.polls.themeSuggestions, { params: { id: unitId } }),

  commitments: (sessionId: number) => call(PATHS.commitments.ofSession, { params: { id: sessionId } }),
  addCommitment: (sessionId: number, input: CommitmentInput) => call(PATHS.commitments.create, { params: { id: sessionId }, body: input }),
  markKept: (id: number, note: string) => call(PATHS.commitments.kept, { params: { id }, body: { note } }),
};

/** Whether a tidied code has the shape the server gives codes, checked by the schema's own pattern. */
export function isTrackingCode(code: string): boolean {
  return TRACKING_CODE.test(code);
}

/** What a resident typed as a code, tidied: spaces dropped, upper case, so "td-2026-12-0042 " works. */
export function normalizeCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export const trackHref = (trackingCode: string) => `/q/${encodeURIComponent(trackingCode)}`;

export type AttachmentProblem = 'too_large' | 'wrong_type' | null;

const ACCEPTED: readonly string[] = ATTACHMENT_TYPES;
export const ATTACHMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp,' + ACCEPTED.join(',');

/** What is wrong with a chosen file before anything is sent; the server checks its bytes again as they arrive. */
export function attachmentProblem(file: File): AttachmentProblem {
  if (file.size > ATTACHMENT_MAX_BYTES) return 'too_large';
  if (file.type && !ACCEPTED.includes(file.type)) return 'wrong_type';
  return null;
}

/** An answer as the server reads it: its text fields, and the file as it is, not in base64. */
function answerForm(input: AnswerInput, file?: File): FormData {
  const form = new FormData();
  form.set('text', input.text);
  if (file) form.set('attachment', file, file.name.slice(0, 120) || 'attachment');
  return form;
}

export function formatBytes(size: number): string {
  return size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(size / 1024))} KB`;
}

/** The fate line shown for a question: answered live, in writing, assigned, merged, closed, or still waiting. */
export type FateKey = 'live' | 'answered' | 'assigned' | 'merged' | 'closed' | 'waiting' | 'pending' | 'rejected';
export function fateOf(view: FollowupView): FateKey {
  if (view.fate === 'merged' || view.mergedInto) return 'merged';
  if (view.status === 'answered') return 'answered';
  if (view.status === 'assigned') return 'assigned';
  if (view.status === 'closed' || view.fate === 'closed') return 'closed';
  if (view.question.status === 'answered') return 'live';
  if (view.question.status === 'pending') return 'pending';
  if (view.question.status === 'rejected') return 'rejected';
  return 'waiting';
}

/** What the follow-up desk decides for a question nobody answered live. */
export type Fate =
  | { kind: 'assign'; departmentId: number; urgency: Urgency }
  | { kind: 'close'; reason: CloseInput['reason']; note?: string }
  | { kind: 'reject'; reason: RejectReason }
  | { kind: 'merge'; intoQuestionId: number };

/** Gives a question its fate: a written answer's department or a closing here, a reject or merge as moderation. */
export function decideFate(questionId: number, fate: Fate): Promise<Ack<unknown>> {
  switch (fate.kind) {
    case 'assign':
      return followupsApi.assign(questionId, { departmentId: fate.departmentId, urgency: fate.urgency });
    case 'close':
      return followupsApi.close(questionId, fate.reason, fate.note);
    case 'reject':
      return command('question:moderate', { questionId, action: 'reject', reason: fate.reason });
    case 'merge':
      return command('question:moderate', { questionId, action: 'merge', intoQuestionId: fate.intoQuestionId });
  }
}
