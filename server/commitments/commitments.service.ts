import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import type { Commitment, CommitmentInput } from '../../shared/schemas/commitment.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { appendAudit } from '../core/audit.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { findSegment } from '../transcripts/transcripts.repository.ts';
import {
  findCommitment,
  insertCommitment,
  listSessionCommitments,
  listUnitCommitments,
  markCommitmentKept,
  toCommitment,
  type CommitmentRow,
} from './commitments.repository.ts';

export const KeptInput = z.strictObject({ note: z.string().trim().min(5).max(1000) });

/** Promises made on air: marked on the transcript or the recording, with an owner and a due day, kept or overdue. */
export function createCommitmentsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const asOfToday = (rows: readonly CommitmentRow[]): Commitment[] => {
    const today = hanoiDay(clock());
    return rows.map((row) => toCommitment(row, today));
  };

  return {
    async list(sessionId: number): Promise<Commitment[]> {
      return asOfToday(await listSessionCommitments(db, sessionId));
    },

    async listUnit(unitId: number): Promise<Commitment[]> {
      return asOfToday(await listUnitCommitments(db, unitId));
    },

    async create(actor: Actor, sessionId: number, input: CommitmentInput): Promise<Commitment> {
      return db.write(async (tx) => {
        const session = await requireSession(tx, sessionId);
        authorize(actor, 'followup:manage', session.unitId);
        const now = clock();
        if (input.dueDay < hanoiDay(now)) throw new AppError('bad_request', 'dueDay: must not be in the past');
        let atMs = input.atMs;
        if (input.segmentId !== undefined) {
          const segment = await findSegment(tx, input.segmentId);
          if (!segment || segment.sessionId !== sessionId) throw new AppError('bad_request', 'segmentId: not a segment of this session');
          atMs = segment.startMs;
        }
        if (atMs === undefined) throw new AppError('bad_request', 'segmentId or atMs: say when it was promised');
        const row = await insertCommitment(
          tx,
          { sessionId, segmentId: input.segmentId ?? null, atMs, text: input.text, owner: input.owner, dueDay: input.dueDay, createdBy: actorLabel(actor) },
          now,
        );
        await appendAudit(tx, { unitId: session.unitId, sessionId, questionId: null, actor: actorLabel(actor), action: 'commitment.create', detail: { id: row.id, owner: input.owner, dueDay: input.dueDay }, at: now });
        return asOfToday([row])[0]!;
      });
    },

    async markKept(actor: Actor, id: number, note: string): Promise<Commitment> {
      return db.write(async (tx) => {
        const row = await findCommitment(tx, id);
        if (!row) throw new AppError('not_found', `commitment ${id} does not exist`);
        const session = await requireSession(tx, row.session_id);
        authorize(actor, 'followup:manage', session.unitId);
        if (row.status === 'kept') throw new AppError('conflict', 'this commitment is already marked as kept');
        const now = clock();
        const updated = await markCommitmentKept(tx, id, note, now);
        await appendAudit(tx, { unitId: session.unitId, sessionId: row.session_id, questionId: null, actor: actorLabel(actor), action: 'commitment.kept', detail: { id, note }, at: now });
        return asOfToday([updated])[0]!;
      });
    },
  };
}
export type CommitmentsService = ReturnType<typeof createCommitmentsService>;
