import { AppError } from '../../shared/errors.ts';
import { canTransition } from '../../shared/rules/session-state.ts';
import type { AuditEntry } from '../../shared/schemas/question.ts';
import type { Session, SessionCreateInput, SessionList, SessionState, SessionUpdateInput } from '../../shared/schemas/session.ts';
import { isAnnounced, isShortNotice } from '../../shared/rules/notice.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import type { Notice, WriteResult } from '../core/notices.ts';
import {
  bumpVersions,
  findSession,
  insertSession,
  listSessions,
  overlapping,
  publishSessionNotice,
  setSessionState,
  updateSession,
} from './sessions.repository.ts';

export async function requireSession(q: Pick<Tx, 'get'>, id: number): Promise<Session> {
  const session = await findSession(q as Tx, id);
  if (!session) throw new AppError('not_found', `session ${id} does not exist`);
  return session;
}

/** The change for every viewer; staff also get its audit entry, so an open console's log stays complete. */
async function sessionChanged(tx: Tx, session: Session, audit: AuditEntry): Promise<Notice[]> {
  const versions = await bumpVersions(tx, session.id, { public: true });
  return [
    { to: { kind: 'public', sessionId: session.id }, event: 'session:changed', payload: { sessionId: session.id, version: versions.public, session } },
    { to: { kind: 'staff', sessionId: session.id }, event: 'session:changed', payload: { sessionId: session.id, version: versions.staff, session, audit } },
  ];
}

/** A draft (no notice published yet) is seen only by its unit's staff; to everyone else it does not exist. */
export function visibleTo(actor: Actor, session: Session): boolean {
  return isAnnounced(session) || can(actor, 'feed:staff', session.unitId);
}

/** Told after a state change has committed; media and other side effects hang off this, never inside the write. */
export type StateChangeListener = (session: Session, from: SessionState) => void;

/** A unit holds one town hall at a time; two sessions whose times overlap are a planning mistake. */
async function refuseOverlap(tx: Tx, unitId: number, startsAt: string, endsAt: string, exceptId = 0): Promise<void> {
  const clashes = await overlapping(tx, unitId, new Date(startsAt), new Date(endsAt), exceptId);
  if (clashes.length > 0) throw new AppError('conflict', `the time overlaps session ${clashes[0]} of the same unit`);
}

export function createSessionsService(deps: {
  db: Database;
  clock: Clock;
  onStateChanged?: StateChangeListener;
  /**
   * What ending a session sets off inside the same write (polls close, the results report opens); the features
   * that own those sit above sessions, so they are handed in.
   */
  onEnded: (tx: Tx, session: Session, now: Date) => Promise<Notice[]>;
  /** Told after a session was created or its times changed, so the scheduler does not wait for its next tick. */
  onScheduleChanged?: () => void;
}) {
  const { db, clock, onStateChanged, onEnded, onScheduleChanged } = deps;

  async function moveState(tx: Tx, before: Session, to: SessionState, actor: string): Promise<WriteResult<Session>> {
    const now = clock();
    await setSessionState(tx, before.id, to, now);
    const session = await requireSession(tx, before.id);
    const audit = await appendAudit(tx, {
      unitId: session.unitId,
      sessionId: session.id,
      questionId: null,
      actor,
      action: 'session.transition',
      detail: { from: before.state, to },
      at: now,
    });
    const notices = await sessionChanged(tx, session, audit);
    if (to === 'ended') {
      notices.push(...(await onEnded(tx, session, now)));
    }
    return { result: session, notices };
  }

  function told(written: WriteResult<Session>, from: SessionState): WriteResult<Session> {
    onStateChanged?.(written.result, from);
    return written;
  }

  return {
    async list(actor: Actor): Promise<SessionList> {
      const sessions = (await listSessions(db)).filter((session) => visibleTo(actor, session));
      return {
        upcoming: sessions.filter((s) => s.state !== 'ended'),
        past: sessions.filter((s) => s.state === 'ended').reverse(),
      };
    },

    async get(id: number): Promise<Session> {
      return db.read((tx) => requireSession(tx, id));
    },

    /** The session as the actor may see it: a draft answers `not_found` to anyone but its unit's staff. */
    async getVisible(actor: Actor, id: number): Promise<Session> {
      const session = await db.read((tx) => requireSession(tx, id));
      if (!visibleTo(actor, session)) throw new AppError('not_found', `session ${id} does not exist`);
      return session;
    },

    /**
     * Publishes a draft's notice. Less than 7 days before the start is allowed (a session may have to be called at
     * short notice) but the answer says so, and the audit log keeps it, so the unit can account for it.
     */
    async publishNotice(actor: Actor, id: number): Promise<WriteResult<{ session: Session; shortNotice: boolean }>> {
      return db.write(async (tx) => {
        const before = await requireSession(tx, id);
        authorize(actor, 'session:manage', before.unitId);
        if (before.noticeAt) throw new AppError('conflict', `the notice of session ${id} was published already`);
        const now = clock();
        await publishSessionNotice(tx, id, now);
        const session = await requireSession(tx, id);
        const shortNotice = isShortNotice(session.startsAt, now);
        const audit = await appendAudit(tx, {
          unitId: session.unitId,
          sessionId: id,
          questionId: null,
          actor: actorLabel(actor),
          action: 'session.notice',
          detail: { shortNotice },
          at: now,
        });
        return { result: { session, shortNotice }, notices: await sessionChanged(tx, session, audit) };
      });
    },

    async create(actor: Actor, input: SessionCreateInput): Promise<Session> {
      const unitId = actor.staff?.unitId ?? 0;
      authorize(actor, 'session:manage', unitId);
      const created = await db.write(async (tx) => {
        await refuseOverlap(tx, unitId, input.startsAt, input.endsAt);
        const now = clock();
        const id = await insertSession(tx, unitId, input, 'scheduled', now);
        const session = await requireSession(tx, id);
        await appendAudit(tx, {
          unitId,
          sessionId: id,
          questionId: null,
          actor: actorLabel(actor),
          action: 'session.create',
          detail: { title: session.title, theme: session.theme },
          at: now,
        });
        return session;
      });
      onScheduleChanged?.();
      return created;
    },

    async update(actor: Actor, id: number, patch: SessionUpdateInput): Promise<WriteResult<Session>> {
      const written = await db.write(async (tx) => {
        const before = await requireSession(tx, id);
        authorize(actor, 'session:manage', before.unitId);
        const startsAt = patch.startsAt ?? before.startsAt;
        const endsAt = patch.endsAt ?? before.endsAt;
        if (Date.parse(endsAt) <= Date.parse(startsAt)) throw new AppError('bad_request', 'endsAt: must be after startsAt');
        if (Date.parse(patch.opensAt ?? before.opensAt) > Date.parse(startsAt)) {
          throw new AppError('bad_request', 'opensAt: must not be after startsAt');
        }
        if (patch.startsAt || patch.endsAt) await refuseOverlap(tx, before.unitId, startsAt, endsAt, id);
        const now = clock();
        await updateSession(tx, id, patch, now);
        const session = await requireSession(tx, id);
        const audit = await appendAudit(tx, {
          unitId: session.unitId,
          sessionId: id,
          questionId: null,
          actor: actorLabel(actor),
          action: 'session.update',
          detail: { fields: Object.keys(patch) },
          at: now,
        });
        return { result: session, notices: await sessionChanged(tx, session, audit) };
      });
      if (patch.opensAt || patch.startsAt || patch.endsAt) onScheduleChanged?.();
      return written;
    },

    async transition(actor: Actor, id: number, to: SessionState): Promise<WriteResult<Session>> {
      let from: SessionState = to;
      const written = await db.write(async (tx) => {
        const before = await requireSession(tx, id);
        authorize(actor, 'session:transition', before.unitId);
        if (!canTransition(before.state, to)) {
          throw new AppError('wrong_state', `a session cannot go from ${before.state} to ${to}`);
        }
        from = before.state;
        return moveState(tx, before, to, actorLabel(actor));
      });
      return told(written, from);
    },

    /**
     * The clock's transition, applied only if the session is still in `from` when the write runs: a chair who moved
     * it meanwhile, or another process's scheduler that got there first, wins, and the step is never run twice.
     */
    async transitionOnSchedule(id: number, from: SessionState, to: SessionState): Promise<WriteResult<Session> | null> {
      const written = await db.write(async (tx) => {
        const before = await requireSession(tx, id);
        if (before.state !== from || !canTransition(from, to)) return null;
        return moveState(tx, before, to, 'system:schedule');
      });
      return written && told(written, from);
    },
  };
}
export type SessionsService = ReturnType<typeof createSessionsService>;
