import type { AuditEntry } from '../../shared/schemas/question.ts';
import { placeholders, type Tx, type Queryable } from './db/database.ts';

interface AuditRow {
  id: number;
  session_id: number | null;
  question_id: number | null;
  actor: string;
  action: string;
  detail_json: string;
  at: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    sessionId: row.session_id,
    questionId: row.question_id,
    actor: row.actor,
    action: row.action,
    detail: JSON.parse(row.detail_json) as Record<string, unknown>,
    at: row.at,
  };
}

export interface AuditRecord {
  unitId: number | null;
  sessionId: number | null;
  questionId: number | null;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** Appends to the audit log; the table's triggers refuse any update or delete, so this is the only way in. */
export async function appendAudit(tx: Tx, record: AuditRecord): Promise<AuditEntry> {
  const row = await tx.get<AuditRow>(
    `INSERT INTO audit_log (unit_id, session_id, question_id, actor, action, detail_json, at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      record.unitId,
      record.sessionId,
      record.questionId,
      record.actor,
      record.action,
      JSON.stringify(record.detail),
      record.at.toISOString(),
    ],
  );
  return toEntry(row!);
}

export async function listSessionAudit(q: Queryable, sessionId: number, limit = 200): Promise<AuditEntry[]> {
  const rows = await q.all<AuditRow>('SELECT * FROM audit_log WHERE session_id = ? ORDER BY id DESC LIMIT ?', [
    sessionId,
    limit,
  ]);
  return rows.map(toEntry);
}

/** Moderation steps the public may see in a question's history, as [kind, at]: approved, put on stage, answered live. */
const PUBLIC_STEPS: Record<string, string> = { 'question.approve': 'approved', 'question.stage': 'on_stage', 'question.answer': 'answered_live' };

/** The public moderation steps of these questions, in the order they were taken. */
export async function listPublicSteps(q: Queryable, questionIds: readonly number[]): Promise<Array<{ questionId: number; kind: string; at: string }>> {
  if (questionIds.length === 0) return [];
  const actions = Object.keys(PUBLIC_STEPS);
  const rows = await q.all<{ question_id: number; action: string; at: string }>(
    `SELECT question_id, action, at FROM audit_log WHERE question_id IN (${placeholders(questionIds)}) AND action IN (${placeholders(actions)}) ORDER BY id`,
    [...questionIds, ...actions],
  );
  return rows.map((row) => ({ questionId: row.question_id, kind: PUBLIC_STEPS[row.action]!, at: row.at }));
}
