import { AppError } from '../../shared/errors.ts';
import type { Snapshot } from '../../shared/events.ts';
import { CHAIR_ACTIONS, alreadyDone, isPublic, statusAfter } from '../../shared/rules/moderation.ts';
import { acceptsEnteredQuestions, acceptsQuestions } from '../../shared/rules/session-state.ts';
import { rankSimilar } from '../../shared/text/similar.ts';
import {
  QUESTION_STATUSES,
  type OwnQuestion,
  type PublicQuestion,
  type QuestionAskInput,
  type QuestionModerateInput,
  type StaffQuestion,
  type StaffQuestionInput,
} from '../../shared/schemas/question.ts';
import type { Session } from '../../shared/schemas/session.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { ActorLimiter } from '../limits/actor-limiter.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit, listSessionAudit } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import { moderationNews, tellAsker } from './question-news.ts';
import { findSessionWithVersions } from '../sessions/sessions.repository.ts';
import { requireSession, visibleTo } from '../sessions/sessions.service.ts';
import { auditDetail, mergeVotes, patchFor, questionChanged } from './question-changes.ts';
import { toOwnQuestion, toPublicQuestion, toStaffQuestion } from './question-views.ts';
import {
  findByClientKey,
  findOnStage,
  findQuestion,
  insertQuestion,
  listResidentActivity,
  listSessionQuestions,
  updateQuestion,
  type QuestionRow,
} from './questions.repository.ts';

const PUBLIC_STATUSES = QUESTION_STATUSES.filter(isPublic);

type Found = NonNullable<Awaited<ReturnType<typeof findSessionWithVersions>>>;

interface PublicCacheEntry {
  version: number;
  session: Session;
  questions: PublicQuestion[];
}

export function createQuestionsService(deps: { db: Database; clock: Clock; askLimit: ActorLimiter }) {
  const { db, clock, askLimit } = deps;
  // Thousands of residents join in the first minutes; they share one public snapshot per feed version.
  const publicCache = new Map<number, PublicCacheEntry>();

  async function findOrFail(tx: Tx, sessionId: number): Promise<Found> {
    const found = await findSessionWithVersions(tx, sessionId);
    if (!found) throw new AppError('not_found', `session ${sessionId} does not exist`);
    return found;
  }

  async function publicEntry(tx: Tx, found: Found): Promise<PublicCacheEntry> {
    const cached = publicCache.get(found.session.id);
    if (cached && cached.version === found.versions.public) return cached;
    const rows = await listSessionQuestions(tx, found.session.id, PUBLIC_STATUSES);
    const entry = { version: found.versions.public, session: found.session, questions: rows.map(toPublicQuestion) };
    publicCache.set(found.session.id, entry);
    return entry;
  }

  function publicView(sessionId: number): Promise<PublicCacheEntry> {
    return db.read(async (tx) => publicEntry(tx, await findOrFail(tx, sessionId)));
  }

  return {
    /**
     * The session as this actor may see it, numbered so later broadcasts can be ordered against it. One read
     * transaction: every statement is a turn of the event loop, and thousands of residents join at once.
     */
    async snapshot(actor: Actor, sessionId: number): Promise<Snapshot> {
      return db.read(async (tx) => {
        const found = await findOrFail(tx, sessionId);
        // A draft's feed is its staff's alone until the notice is published.
        if (!visibleTo(actor, found.session)) {
          throw new AppError('not_found', `session ${sessionId} does not exist`);
        }
        const activity = await listResidentActivity(tx, sessionId, actor.residentId);
        const own = { mine: activity.questions.map(toOwnQuestion), myVotes: activity.votedQuestionIds };
        if (can(actor, 'feed:staff', found.session.unitId)) {
          return {
            view: 'staff',
            session: found.session,
            version: found.versions.staff,
            questions: (await listSessionQuestions(tx, sessionId, QUESTION_STATUSES)).map(toStaffQuestion),
            audit: await listSessionAudit(tx, sessionId),
            ...own,
          };
        }
        const view = await publicEntry(tx, found);
        return { view: 'public', session: found.session, version: view.version, questions: view.questions, ...own };
      });
    },

    /**
     * Public questions of the session that raise the same issue as a draft, so a resident can vote instead of
     * asking again; the genre's common words ("phường", "xin", "hỏi") weigh little (`shared/text/similar.ts`).
     */
    async similar(sessionId: number, draft: string): Promise<PublicQuestion[]> {
      return rankSimilar(draft, (await publicView(sessionId)).questions, 5).map((r) => r.item);
    },

    async publicQuestions(sessionId: number): Promise<PublicQuestion[]> {
      return (await publicView(sessionId)).questions;
    },

    async ask(actor: Actor, input: QuestionAskInput & { publishName: boolean }): Promise<WriteResult<OwnQuestion>> {
      const session = await db.read((tx) => requireSession(tx, input.sessionId));
      if (!acceptsQuestions(session.state)) {
        throw new AppError('wrong_state', `session ${session.id} is ${session.state} and does not take questions`);
      }
      const existing = await db.read((tx) => findByClientKey(tx, input.sessionId, actor.residentId, input.clientKey));
      if (existing) return { result: toOwnQuestion(existing), notices: [] };
      askLimit.check(actor);
      return db.write(async (tx) => {
        const again = await findByClientKey(tx, input.sessionId, actor.residentId, input.clientKey);
        if (again) return { result: toOwnQuestion(again), notices: [] };
        const current = await requireSession(tx, input.sessionId);
        if (!acceptsQuestions(current.state)) throw new AppError('wrong_state', `session ${current.id} is ${current.state}`);
        const row = await insertQuestion(tx, {
          sessionId: current.id,
          residentId: actor.residentId,
          clientKey: input.clientKey,
          text: input.text,
          authorName: input.name || null,
          nameBasis: input.publishName ? 'asker_choice' : null,
          topic: input.topic || null,
          status: current.premoderated ? 'pending' : 'approved',
          createdAt: clock(),
        });
        return { result: toOwnQuestion(row), notices: await questionChanged(tx, row, null) };
      });
    },

    /**
     * Enters a question received through another channel; it is approved at once (staff read it already) and
     * gets a tracking code like any other, so its follow-up covers the channel the resident used. Letters keep
     * arriving after a session: one entered after it ended goes straight to the follow-up desk.
     */
    async enter(actor: Actor, sessionId: number, input: StaffQuestionInput): Promise<WriteResult<StaffQuestion>> {
      return db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'question:moderate', session.unitId);
        if (!acceptsEnteredQuestions(session.state)) {
          throw new AppError('wrong_state', `session ${sessionId} is ${session.state} and does not take questions`);
        }
        // Each entry is its own asker; its retry key is the entering staff member's, so another moderator reusing a
        // key (in this unit or another) never gets this question, and its asker's name, back.
        const residentId = `channel:${input.channel}:${actor.staff!.id}:${input.clientKey}`;
        const again = await findByClientKey(tx, sessionId, residentId, input.clientKey);
        if (again) return { result: toStaffQuestion(again), notices: [] };
        const now = clock();
        const row = await insertQuestion(tx, {
          sessionId,
          residentId,
          clientKey: input.clientKey,
          text: input.text,
          authorName: input.name || null,
          nameBasis: input.publishName ? (input.nameBasis ?? null) : null,
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
          detail: { channel: input.channel, externalRef: input.externalRef ?? null, nameBasis: input.publishName ? input.nameBasis : null },
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
        // "Answered live" is a claim the minutes and the scoreboard make: only the live session can earn it.
        if ((input.action === 'stage' || input.action === 'answer') && session.state !== 'live') {
          throw new AppError('wrong_state', `a question can ${input.action === 'stage' ? 'go on stage' : 'be answered live'} only while the session is live`);
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
        const news = moderationNews(input.action);
        if (news) {
          const reason = input.action === 'reject' ? { reason: input.reason, note: input.note ?? null } : {};
          await tellAsker(tx, row.id, news, audit.id, { code: row.tracking_code, sessionId: session.id, ...reason }, now);
        }
        notices.push(...(await questionChanged(tx, updated, row.status, audit)));
        if (kept) notices.push(...(await questionChanged(tx, kept, kept.status)));
        return { result: toStaffQuestion(updated), notices };
      });
    },
  };
}
export type QuestionsService = ReturnType<typeof createQuestionsService>;
