import { AppError } from '../../shared/errors.ts';
import { hanoiDay } from '../../shared/rules/working-days.ts';
import type { Commitment, CommitmentInput } from '../../shared/schemas/poll.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../limits/rate-limiter.ts';
import { appendAudit } from '../moderation/audit.repository.ts';
import { requireSession } from '../sessions/sessions.service.ts';
import { findSegment } from '../transcripts/transcripts.repository.ts';

interface CommitmentRow {
  id: number;
  session_id: number;
  segment_id: number | null;
  at_ms: number;
  text: string;
  owner: string;
  due_day: string;
  status: 'open' | 'kept';
  kept_at: string | null;
  kept_note: string | null;
}

/** Promises made on air: marked on the transcript or the recording, with an owner and a due day, kept or overdue. */
export function createCommitmentsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const toCommitment = (row: CommitmentRow): Commitment => ({
    id: row.id,
    sessionId: row.session_id,
    segmentId: row.segment_id,
    atMs: row.at_ms,
    text: row.text,
    owner: row.owner,
    dueDay: row.due_day,
    status: row.status,
    keptAt: row.kept_at,
    keptNote: row.kept_note,
    overdue: row.status === 'open' && row.due_day < hanoiDay(clock()),
  });

  return {
    async list(sessionId: number): Promise<Commitment[]> {
      const rows = await db.all<CommitmentRow>('SELECT * FROM commitments WHERE session_id = ? ORDER BY at_ms, id', [sessionId]);
      return rows.map(toCommitment);
    },

    async listUnit(unitId: number): Promise<Commitment[]> {
      const rows = await db.all<CommitmentRow>(
        'SELECT c.* FROM commitments c JOIN sessions s ON s.id = c.session_id WHERE s.unit_id = ? ORDER BY c.due_day, c.id',
        [unitId],
      );
      return rows.map(toCommitment);
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
        const row = await tx.get<CommitmentRow>(
          `INSERT INTO commitments (session_id, segment_id, at_ms, text, owner, due_day, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          [sessionId, input.segmentId ?? null, atMs, input.text, input.owner, input.dueDay, actorLabel(actor), now.toISOString()],
        );
        await appendAudit(tx, { unitId: session.unitId, sessionId, questionId: null, actor: actorLabel(actor), action: 'commitment.create', detail: { id: row!.id, owner: input.owner, dueDay: input.dueDay }, at: now });
        return toCommitment(row!);
      });
    },

    async markKept(actor: Actor, id: number, note: string): Promise<Commitment> {
      return db.write(async (tx) => {
        const row = await tx.get<CommitmentRow>('SELECT * FROM commitments WHERE id = ?', [id]);
        if (!row) throw new AppError('not_found', `commitment ${id} does not exist`);
        const session = await requireSession(tx, row.session_id);
        authorize(actor, 'followup:manage', session.unitId);
        if (row.status === 'kept') throw new AppError('conflict', 'this commitment is already marked as kept');
        const now = clock();
        const updated = await tx.get<CommitmentRow>("UPDATE commitments SET status = 'kept', kept_at = ?, kept_note = ? WHERE id = ? RETURNING *", [now.toISOString(), note, id]);
        await appendAudit(tx, { unitId: session.unitId, sessionId: row.session_id, questionId: null, actor: actorLabel(actor), action: 'commitment.kept', detail: { id, note }, at: now });
        return toCommitment(updated!);
      });
    },
  };
}
export type CommitmentsService = ReturnType<typeof createCommitmentsService>;
