import type { Ack } from '../../../shared/errors.ts';
import type { AnswerInput, AssignInput, Allowances, Department, FollowupView, RateInput, SeenInput } from '../../../shared/schemas/followup.ts';
import type { CalendarDay } from '../../../shared/rules/working-days.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, TRACKING_CODE } from '../../../shared/schemas/values.ts';
import type { ContactInput, DeadLetter, NotifyStatus } from '../../../shared/schemas/notify.ts';
import type { Commitment, CommitmentInput, Poll } from '../../../shared/schemas/poll.ts';
import type { OwnQuestion, PublicQuestion, StaffQuestionInput } from '../../../shared/schemas/question.ts';
import { request, upload } from './api.ts';

/** The asker's view of one of their questions: its fate, and whether its answer is new since they last looked. */
export type MyFollowup = FollowupView & { newAnswer: boolean };

export interface Dashboard {
  overdue: FollowupView[];
  dueSoon: FollowupView[];
  open: number;
}

const code = (c: string) => encodeURIComponent(c);

/** "No question dropped": tracking, written answers, ratings, promises, and the settings behind due days. */
export const followupsApi = {
  lookup: (trackingCode: string) => request<FollowupView>('GET', `/api/questions/${code(trackingCode)}`),
  notifications: (trackingCode: string) => request<NotifyStatus>('GET', `/api/questions/${code(trackingCode)}/notifications`),
  report: (sessionId: number) => request<FollowupView[]>('GET', `/api/sessions/${sessionId}/report`),
  mine: () => request<MyFollowup[]>('GET', '/api/me/questions'),
  rate: (questionId: number, input: RateInput) => request<FollowupView>('POST', `/api/me/questions/${questionId}/rating`, input),
  reopen: (questionId: number, reason: string) => request<FollowupView>('POST', `/api/me/questions/${questionId}/reopen`, { reason }),
  markSeen: (input: SeenInput) => request<{ seen: number }>('POST', '/api/me/questions/seen', input),
  leaveContact: (questionId: number, input: ContactInput) => request<NotifyStatus>('PUT', `/api/me/questions/${questionId}/contact`, input),
  verifyContact: (questionId: number, code: string) => request<NotifyStatus>('POST', `/api/me/questions/${questionId}/contact/verify`, { code }),
  leaveContactByCode: (trackingCode: string, input: ContactInput) => request<NotifyStatus>('PUT', `/api/questions/${code(trackingCode)}/contact`, input),
  verifyContactByCode: (trackingCode: string, c: string) => request<NotifyStatus>('POST', `/api/questions/${code(trackingCode)}/contact/verify`, { code: c }),
  staffContact: (questionId: number, input: ContactInput) => request<NotifyStatus>('PUT', `/api/staff/questions/${questionId}/contact`, input),
  similar: (sessionId: number, text: string) => request<PublicQuestion[]>('GET', `/api/sessions/${sessionId}/similar?text=${encodeURIComponent(text)}`),
  publicQuestions: (sessionId: number) => request<PublicQuestion[]>('GET', `/api/sessions/${sessionId}/questions`),

  needsFate: (sessionId: number) => request<FollowupView[]>('GET', `/api/staff/sessions/${sessionId}/needs-fate`),
  dashboard: () => request<Dashboard>('GET', '/api/staff/followups'),
  deadLetters: () => request<DeadLetter[]>('GET', '/api/staff/notifications/dead'),
  retryNotification: (id: number) => request<DeadLetter>('POST', `/api/staff/notifications/${id}/retry`, {}),
  assign: (questionId: number, input: AssignInput) => request<FollowupView>('POST', `/api/staff/questions/${questionId}/assign`, input),
  close: (questionId: number, reason: string, note?: string) => request<FollowupView>('POST', `/api/staff/questions/${questionId}/close`, { reason, note }),
  answer: (questionId: number, input: AnswerInput, file?: File) => upload<FollowupView>(`/api/staff/questions/${questionId}/answer`, answerForm(input, file)),
  enterQuestion: (sessionId: number, input: StaffQuestionInput) => request<OwnQuestion>('POST', `/api/staff/sessions/${sessionId}/questions`, input),

  departments: (unitId: number) => request<Department[]>('GET', `/api/units/${unitId}/departments`),
  addDepartment: (name: string) => request<Department>('POST', '/api/admin/departments', { name }),
  allowances: (unitId: number) => request<Allowances>('GET', `/api/units/${unitId}/allowances`),
  setAllowances: (values: Allowances) => request<Allowances>('PUT', '/api/admin/allowances', values),
  calendar: (year: number) => request<CalendarDay[]>('GET', `/api/calendar/${year}`),
  setCalendarDay: (day: CalendarDay) => request<null>('PUT', '/api/admin/calendar', day),
  removeCalendarDay: (date: string) => request<null>('DELETE', `/api/admin/calendar/${date}`),
  themeSuggestions: (unitId: number) => request<Poll[]>('GET', `/api/units/${unitId}/theme-suggestions`),

  commitments: (sessionId: number) => request<Commitment[]>('GET', `/api/sessions/${sessionId}/commitments`),
  addCommitment: (sessionId: number, input: CommitmentInput) => request<Commitment>('POST', `/api/staff/sessions/${sessionId}/commitments`, input),
  markKept: (id: number, note: string) => request<Commitment>('POST', `/api/staff/commitments/${id}/kept`, { note }),
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

export function ackError<T>(ack: Ack<T>) {
  return ack.ok ? null : ack.error;
}
