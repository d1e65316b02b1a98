import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import {
  AllowancesInput,
  AnswerInput,
  AssignInput,
  CloseInput,
  Department,
  DepartmentInput,
  FollowupDashboard,
  FollowupView,
  MyFollowup,
  RateInput,
  ReopenInput,
  SeenInput,
} from '../schemas/followup.ts';
import { CodePath } from '../schemas/question.ts';
import { PATHS } from './paths.ts';

const NO_CODE = { 404: 'No question has this tracking code' } as const;
const NO_QUESTION = { 404: 'No such question' } as const;
const ASKER_ONLY = { 403: 'Only the asker may do this', ...NO_QUESTION } as const;

/** "No question dropped": tracking, written answers, ratings, and the settings behind due days. */
export const FOLLOWUPS = {
  lookup: route({
    ...PATHS.followups.lookup,
    summary: 'A question by its tracking code: its fate and its public history',
    description: "A pending or set-aside question shows no news; its text is shown only to its asker and to staff.",
    params: CodePath,
    response: FollowupView,
    errors: NO_CODE,
  }),
  attachment: route({
    ...PATHS.followups.attachment,
    summary: "The file attached to a question's written answer (PDF, PNG, JPEG or WebP)",
    params: CodePath,
    response: z.string(),
    produces: 'application/octet-stream',
    errors: { 404: 'No such question, or its answer has no file' },
  }),
  report: route({
    ...PATHS.followups.report,
    summary: "The fate of every question of a session: the follow-up report",
    params: IdPath,
    response: z.array(FollowupView),
    errors: { 404: 'No such session' },
  }),
  mine: route({ ...PATHS.followups.mine, summary: "The caller's own questions and their fates, newest first", response: z.array(MyFollowup) }),
  seen: route({
    ...PATHS.followups.seen,
    summary: "Marks the answers of the caller's questions as seen",
    body: SeenInput,
    response: z.object({ seen: z.number().int() }),
    errors: { 429: 'Too many updates in a minute' },
  }),
  rate: route({
    ...PATHS.followups.rate,
    summary: 'The asker rates the written answer',
    params: IdPath,
    body: RateInput,
    response: FollowupView,
    errors: { ...ASKER_ONLY, 409: 'There is no answer to rate', 429: 'Too many updates in a minute' },
  }),
  reopen: route({
    ...PATHS.followups.reopen,
    summary: 'The asker reopens a follow-up whose answer did not answer',
    params: IdPath,
    body: ReopenInput,
    response: FollowupView,
    errors: { ...ASKER_ONLY, 409: 'It cannot be reopened now', 429: 'Too many updates in a minute' },
  }),
  needsFate: route({
    ...PATHS.followups.needsFate,
    summary: 'Questions of an ended session still waiting for a decision',
    params: IdPath,
    response: z.array(FollowupView),
    errors: { ...STAFF_ONLY, 404: 'No such session' },
  }),
  dashboard: route({ ...PATHS.followups.dashboard, summary: 'Follow-ups overdue and due soon', response: FollowupDashboard, errors: STAFF_ONLY }),
  assign: route({
    ...PATHS.followups.assign,
    summary: 'Assigns a question to a department, or hands it over to another',
    params: IdPath,
    body: AssignInput,
    response: FollowupView,
    errors: { ...STAFF_ONLY, ...NO_QUESTION, 409: 'The question cannot be assigned now' },
  }),
  close: route({
    ...PATHS.followups.close,
    summary: 'Closes a question without a written answer, with a reason',
    params: IdPath,
    body: CloseInput,
    response: FollowupView,
    errors: { ...STAFF_ONLY, ...NO_QUESTION, 409: 'The question cannot be closed now' },
  }),
  answer: route({
    ...PATHS.followups.answer,
    summary: 'Answers an assigned question in writing',
    description: 'JSON, or multipart/form-data with the `text` field and an `attachment` file of at most 5 MB, read once the caller may answer.',
    params: IdPath,
    body: AnswerInput,
    alsoAccepts: ['multipart/form-data'],
    response: FollowupView,
    errors: { ...STAFF_ONLY, ...NO_QUESTION, 409: 'The question is not assigned', 413: 'The file is larger than 5 MB' },
  }),
  departments: route({ ...PATHS.followups.departments, summary: "A unit's departments", params: IdPath, response: z.array(Department) }),
  addDepartment: route({
    ...PATHS.followups.addDepartment,
    summary: "Adds a department to the staff member's unit",
    body: DepartmentInput,
    response: Department,
    status: 201,
    errors: { ...STAFF_ONLY, 409: 'The unit has a department of that name' },
  }),
  allowances: route({
    ...PATHS.followups.allowances,
    summary: "A unit's working days to answer, by urgency",
    params: IdPath,
    response: AllowancesInput,
  }),
  setAllowances: route({
    ...PATHS.followups.setAllowances,
    summary: "Sets the staff member's unit's working days to answer",
    body: AllowancesInput,
    response: AllowancesInput,
    errors: STAFF_ONLY,
  }),
};
