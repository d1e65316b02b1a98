import { AppError } from '../../shared/errors.ts';
import type { Snapshot } from '../../shared/events.ts';
import { CHAIR_ACTIONS, alreadyDone, isPublic, statusAfter } from '../../shared/rules/moderation.ts';
import { acceptsQuestions } from '../../shared/rules/session-state.ts';
import {
  QUESTION_STATUSES,
  type OwnQuestion,
  type PublicQuestion,
  type QuestionAskInput,
  type QuestionModerateInput,
  type QuestionStatus,
  type StaffQuestion,
  type StaffQuestionInput,
} from '../../shared/schemas/question.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Database, Tx } from '../db/database.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { Clock } from '../limits/rate-limiter.ts';
import { appendAudit, listSessionAudit } from '../moderation/audit.repository.ts';
import type { AuditEntry } from '../../shared/schemas/question.ts';
import type { Notice, WriteResult } from '../realtime/notices.ts';
import { indexQuestion, similarQuestionIds } from '../search/search.repository.ts';
import { searchTerms } from '../../shared/text/fold.ts';
import { bumpVersions, findSessionWithVersions } from '../sessions/sessions.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { listVotedQuestionIds } from '../votes/votes.repository.ts';
import { toOwnQuestion, toPublicQuestion, toStaffQuestion } from './question-views.ts';
import {
  findByClientKey,
  findOnStage,
  findQuestion,
  insertQuestion,
  listResidentQuestions,
  listSessionQuestions,
  updateQuestion,
  type QuestionPatch,
  type QuestionRow,
} from './questions.repository.ts';

const PUBLIC_STATUSES = QUESTION_STATUSES.filter(isPublic);

/**
 * Numbers one question's change and says who hears of it: staff always, the public when the question is or was
 * public (a question hidden after approval is removed from their lists), and its asker in their own list.
 */
async function questionChanged(
  tx: Tx,
  row: QuestionRow,
  before: QuestionStatus | null,
  audit?: AuditEntry,
): Promise<Notice[]> {
  const wasPublic = before !== null && isPublic(before);
  const nowPublic = isPublic(row.status);
  await indexQuestion(tx, { id: row.id, sessionId: row.session_id, text: row.text, visible: nowPublic });
  const versions = await bumpVersions(tx, row.session_id, { public: wasPublic || nowPublic });
  const sessionId = row.session_id;
  const notices: Notice[] = [
    {
      to: { kind: 'staff', sessionId },
      event: 'question:changed',
      payload: { sessionId, version: versions.staff, question: toStaffQuestion(row), ...(audit ? { audit } : {}) },
    },
    { to: { kind: 'resident', residentId: row.resident_id }, event: 'question:mine', payload: { question: toOwnQuestion(row) } },
  ];
  if (nowPublic) {
    notices.push({
      to: { kind: 'public', sessionId },
      event: 'question:changed',
      payload: { sessionId, version: versions.public, question: toPublicQuestion(row) },
    });
  } else if (wasPublic) {
    notices.push({
      to: { kind: 'public', sessionId },
      event: 'question:removed',
      payload: { sessionId, version: versions.public, questionId: row.id },
    });
  }
  return notices;
}

function patchFor(input: QuestionModerateInput, row: QuestionRow, next: QuestionStatus, now: string): QuestionPatch {
  switch (input.action) {
    case 'reject':
      return { status: next, reject_reason: input.reason, reject_note: input.note || null };
    case 'edit':
      return input.text === row.text ? {} : { text: input.text, original_text: row.original_text ?? row.text };
    case 'stage':
      return { status: next, staged_at: now };
    case 'answer':
      return { status: next, answered_at: now };
    case 'reopen':
      return { status: next, answered_at: null };
    case 'merge':
      return { status: next, reject_reason: 'duplicate', reject_note: null, merged_into: input.intoQuestionId };
    default:
      return { status: next, reject_reason: null, reject_note: null };
  }
}

function auditDetail(input: QuestionModerateInput, row: QuestionRow): Record<string, unknown> {
  switch (input.action) {
    case 'reject':
      return { from: row.status, reason: input.reason, note: input.note ?? null };
    case 'edit':
      return { before: row.text, after: input.text, note: input.note ?? null };
    case 'merge':
      return { from: row.status, into: input.intoQuestionId };
    default:
      return { from: row.status };
  }
}

/**
 * Moves a duplicate's votes to the question kept: a resident who voted for both counts once. Both counts are then
 * recomputed from the rows, so they stay equal to them.
 */
async function mergeVotes(tx: Tx, duplicate: QuestionRow, intoId: number): Promise<QuestionRow> {
  if (intoId === duplicate.id) throw new AppError('bad_request', 'intoQuestionId: a question cannot be merged into itself');
  const into = await findQuestion(tx, intoId);
  if (!into) throw new AppError('not_found', `question ${intoId} does not exist`);
  if (into.session_id !== duplicate.session_id) throw new AppError('bad_request', 'intoQuestionId: questions of different sessions cannot be merged');
  if (!isPublic(into.status) || into.merged_into) throw new AppError('wrong_state', `question ${intoId} is ${into.status} and cannot take a merge`);
  await tx.run('INSERT OR IGNORE INTO votes (question_id, resident_id) SELECT ?, resident_id FROM votes WHERE question_id = ?', [intoId, duplicate.id]);
  await tx.run('DELETE FROM votes WHERE question_id = ?', [duplicate.id]);
  await tx.run('UPDATE questions SET vote_count = (SELECT COUNT(*) FROM votes WHERE question_id = questions.id) WHERE id IN (?, ?)', [intoId, duplicate.id]);
  return (await findQuestion(tx, intoId))!;
}

interface PublicCacheEntry {
  version: number;
  session: Session;
  questions: PublicQuestion[];
}

export function createQuestionsService(deps: { db: Database; clock: Clock; askLimit: ActorLimiter }) {
  const { db, clock, askLimit } = deps;
  // Thousands of residents join in the first minutes; they share one public snapshot per feed version.
  const publicCache = new Map<number, PublicCacheEntry>();

  async function publicView(sessionId: number): Promise<PublicCacheEntry> {
    return db.read(async (tx) => {
      const found = await findSessionWithVersions(tx, sessionId);
      if (!found) throw new AppError('not_found', `session ${sessionId} does not exist`);
      const cached = publicCache.get(sessionId);
      if (cached && cached.version === found.versions.public) return cached;
      const rows = await listSessionQuestions(tx, sessionId, PUBLIC_STATUSES);
      const entry = { version: found.versions.public, session: found.session, questions: rows.map(toPublicQuestion) };
      publicCache.set(sessionId, entry);
      return entry;
    });
  }

  async function residentPart(sessionId: number, residentId: string) {
    return db.read(async (tx) => ({
      mine: (await listResidentQuestions(tx, sessionId, residentId)).map(toOwnQuestion),
      myVotes: await listVotedQuestionIds(tx, sessionId, residentId),
    }));
  }

  return {
    /** The session as this actor may see it, numbered so later broadcasts can be ordered against it. */
    async snapshot(actor: Actor, sessionId: number): Promise<Snapshot> {
      const { session } = await publicView(sessionId);
      if (can(actor, 'feed:staff', session.unitId)) {
        const staff = await db.read(async (tx) => {
          const found = (await findSessionWithVersions(tx, sessionId))!;
          return {
            session: found.session,
            version: found.versions.staff,
            questions: (await listSessionQuestions(tx, sessionId, QUESTION_STATUSES)).map(toStaffQuestion),
            audit: await listSessionAudit(tx, sessionId),
          };
        });
        return { view: 'staff', ...staff, ...(await residentPart(sessionId, actor.residentId)) };
      }
      const view = await publicView(sessionId);
      return {
        view: 'public',
        session: view.session,
        version: view.version,
        questions: view.questions,
        ...(await residentPart(sessionId, actor.residentId)),
      };
    },

    /**
     * Public questions of the session that look like a draft, so a resident can vote instead of asking again.
     * Short words ("có", "và") match too much to help, so only words of three letters or more count.
     */
    async similar(sessionId: number, draft: string): Promise<PublicQuestion[]> {
      const terms = searchTerms(draft).filter((term) => term.length >= 3);
      const ids = await db.read((tx) => similarQuestionIds(tx, sessionId, terms, 5));
      const byId = new Map((await publicView(sessionId)).questions.map((q) => [q.id, q]));
      return ids.map((id) => byId.get(id)).filter((q): q is PublicQuestion => q !== undefined);
    },

    async publicQuestions(sessionId: number): Promise<PublicQuestion[]> {
      return (await publicView(sessionId)).questions;
    },

    async ask(actor: Actor, input: QuestionAskInput & { anonymous: boolean }): Promise<WriteResult<OwnQuestion>> {
      const session = await db.read((tx) => requireSession(tx, input.sessionId));
      if (!acceptsQuestions(session.state)) {
        throw new AppError('wrong_state', `session ${session.id} is ${session.state} and does not take questions`);
      }
      const existing = await db.read((tx) => findByClientKey(tx, actor.residentId, input.clientKey));
      if (existing) return { result: toOwnQuestion(existing), notices: [] };
      askLimit.check(actor);
      return db.write(async (tx) => {
        const again = await findByClientKey(tx, actor.residentId, input.clientKey);
        if (again) return { result: toOwnQuestion(again), notices: [] };
        const current = await requireSession(tx, input.sessionId);
        if (!acceptsQuestions(current.state)) throw new AppError('wrong_state', `session ${current.id} is ${current.state}`);
        const row = await insertQuestion(tx, {
          sessionId: current.id,
          residentId: actor.residentId,
          clientKey: input.clientKey,
          text: input.text,
          authorName: input.name || null,
          anonymous: input.anonymous,
          topic: input.topic || null,
          status: current.premoderated ? 'pending' : 'approved',
          createdAt: clock(),
        });
        return { result: toOwnQuestion(row), notices: await questionChanged(tx, row, null) };
      });
    },

    /**
     * Enters a question received through another channel; it is approved at once (staff read it already) and
     * gets a tracking code like any other, so its follow-up covers the channel the resident used.
     */
    async enter(actor: Actor, sessionId: number, input: StaffQuestionInput): Promise<WriteResult<StaffQuestion>> {
      return db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'question:moderate', session.unitId);
        if (session.state === 'ended' || session.state === 'scheduled') {
          throw new AppError('wrong_state', `session ${sessionId} is ${session.state} and does not take questions`);
        }
        const residentId = `channel:${input.channel}:${input.clientKey}`;
        const again = await findByClientKey(tx, residentId, input.clientKey);
        if (again) return { result: toStaffQuestion(again), notices: [] };
        const now = clock();
        const row = await insertQuestion(tx, {
          sessionId,
          residentId,
          clientKey: input.clientKey,
          text: input.text,
          authorName: input.name || null,
          anonymous: input.anonymous,
          topic: input.topic || null,
          status: 'approved',
          createdAt: now,
          channel: input.channel,
          externalRef: input.externalRef || null,
        });
        const audit = await appendAudit(tx, {
          unitId: session.unitId,
          sessionId,
          questionId: row.id,
          actor: actorLabel(actor),
          action: 'question.enter',
          detail: { channel: input.channel, externalRef: input.externalRef ?? null },
          at: now,
        });
        return { result: toStaffQuestion(row), notices: await questionChanged(tx, row, null, audit) };
      });
    },

    async moderate(actor: Actor, input: QuestionModerateInput): Promise<WriteResult<StaffQuestion>> {
      return db.write(async (tx) => {
        const row = await findQuestion(tx, input.questionId);
        if (!row) throw new AppError('not_found', `question ${input.questionId} does not exist`);
        const session = await requireSession(tx, row.session_id);
        authorize(actor, CHAIR_ACTIONS.includes(input.action) ? 'question:stage' : 'question:moderate', session.unitId);
        if (alreadyDone(row.status, input.action)) return { result: toStaffQuestion(row), notices: [] };
        if (input.action === 'merge' && row.merged_into === input.intoQuestionId) return { result: toStaffQuestion(row), notices: [] };
        const next = statusAfter(row.status, input.action);
        if (!next) throw new AppError('wrong_state', `cannot ${input.action} a question that is ${row.status}`);
        if (input.action === 'stage' && session.state !== 'live') {
          throw new AppError('wrong_state', 'a question can go on stage only while the session is live');
        }
        const now = clock();
        const notices: Notice[] = [];
        const label = actorLabel(actor);
        if (input.action === 'stage') {
          const current = await findOnStage(tx, row.session_id);
          if (current) {
            const demoted = await updateQuestion(tx, current.id, { status: 'approved' });
            const audit = await appendAudit(tx, {
              unitId: session.unitId,
              sessionId: session.id,
              questionId: current.id,
              actor: label,
              action: 'question.unstage',
              detail: { from: 'on_stage', replacedBy: row.id },
              at: now,
            });
            notices.push(...(await questionChanged(tx, demoted, 'on_stage', audit)));
          }
        }
        let kept: QuestionRow | null = null;
        if (input.action === 'merge') kept = await mergeVotes(tx, row, input.intoQuestionId);
        const patch = patchFor(input, row, next, now.toISOString());
        const updated = Object.keys(patch).length > 0 ? await updateQuestion(tx, row.id, patch) : row;
        const audit = await appendAudit(tx, {
          unitId: session.unitId,
          sessionId: session.id,
          questionId: row.id,
          actor: label,
          action: `question.${input.action}`,
          detail: auditDetail(input, row),
          at: now,
        });
        notices.push(...(await questionChanged(tx, updated, row.status, audit)));
        if (kept) notices.push(...(await questionChanged(tx, kept, kept.status)));
        return { result: toStaffQuestion(updated), notices };
      });
    },
  };
}
export type QuestionsService = ReturnType<typeof createQuestionsService>;
