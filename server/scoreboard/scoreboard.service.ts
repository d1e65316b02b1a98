import { hanoiDay, workingDaysBetween } from '../../shared/rules/working-days.ts';
import type { ScoreLine, Scoreboard } from '../../shared/schemas/scoreboard.ts';
import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { countResultsOnTime } from '../results/results.repository.ts';
import { calendarExceptions } from '../calendar/calendar.repository.ts';
import { listUnitCommitments } from '../commitments/commitments.repository.ts';
import { listUnitQuestionRecords } from '../questions/questions.repository.ts';
import { countSessionsHeld } from '../sessions/sessions.repository.ts';

/** One row a question: every figure of the scoreboard can be recomputed from these by hand. */
export interface ScoreRow {
  trackingCode: string;
  sessionId: number;
  createdDay: string;
  status: string;
  channel: string;
  department: string | null;
  fate: string | null;
  followupStatus: string | null;
  receivedDay: string | null;
  dueDay: string | null;
  answeredDay: string | null;
  workingDaysToAnswer: number | null;
  onTime: boolean | null;
  rating: string | null;
  sessionEnded: boolean;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

function summarize(rows: readonly ScoreRow[], today: string, from: string, to: string): ScoreLine {
  const inPeriod = (day: string | null) => !!day && day >= from && day <= to;
  const written = rows.filter((r) => r.fate === 'written' && inPeriod(r.answeredDay));
  const onTime = written.filter((r) => r.onTime).length;
  const rated = written.filter((r) => r.rating);
  const ratings = {
    satisfied: rated.filter((r) => r.rating === 'satisfied').length,
    partly: rated.filter((r) => r.rating === 'partly').length,
    not_satisfied: rated.filter((r) => r.rating === 'not_satisfied').length,
  };
  return {
    questionsReceived: rows.filter((r) => inPeriod(r.createdDay)).length,
    answeredLive: rows.filter((r) => r.status === 'answered' && inPeriod(r.answeredDay) && r.fate === null).length,
    answeredInWriting: written.length,
    answeredOnTime: onTime,
    onTimePercent: percent(onTime, written.length),
    medianWorkingDaysToAnswer: median(written.map((r) => r.workingDaysToAnswer!)),
    overdueNow: rows.filter((r) => r.followupStatus === 'assigned' && !!r.dueDay && r.dueDay < today).length,
    // Left pending or approved without a fate when the session ended: nobody has decided yet, none may vanish.
    awaitingDecision: rows.filter((r) => r.sessionEnded && r.fate === null && (r.status === 'pending' || r.status === 'approved')).length,
    ratings,
    satisfiedPercent: percent(ratings.satisfied, rated.length),
  };
}

/**
 * The public scoreboard of a unit over a period: what residents asked and what became of it. Days are calendar
 * days in Hanoi; "on time" means answered on or before the due day counted in working days.
 */
export function createScoreboardService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function rows(unitId: number): Promise<ScoreRow[]> {
    return db.read(async (tx) => {
      const exceptions = await calendarExceptions(tx, unitId);
      const raw = await listUnitQuestionRecords(tx, unitId);
      return raw.map((r) => {
        const receivedDay = r.received_at ? hanoiDay(new Date(r.received_at)) : null;
        const writtenDay = r.f_answered_at ? hanoiDay(new Date(r.f_answered_at)) : null;
        const answeredDay = writtenDay ?? (r.answered_at ? hanoiDay(new Date(r.answered_at)) : null);
        return {
          trackingCode: r.tracking_code,
          sessionId: r.session_id,
          createdDay: hanoiDay(new Date(r.created_at)),
          status: r.status,
          channel: r.channel,
          department: r.department,
          fate: r.fate,
          followupStatus: r.f_status,
          receivedDay,
          dueDay: r.due_day,
          answeredDay,
          workingDaysToAnswer: writtenDay && receivedDay ? workingDaysBetween(receivedDay, writtenDay, exceptions) : null,
          onTime: writtenDay && r.due_day ? writtenDay <= r.due_day : null,
          rating: r.rating,
          sessionEnded: r.session_state === 'ended',
        };
      });
    });
  }

  return {
    rows,

    async scoreboard(unitId: number, from: string, to: string): Promise<Scoreboard> {
      const all = await rows(unitId);
      const today = hanoiDay(clock());
      const periodStart = new Date(`${from}T00:00:00+07:00`).toISOString();
      const periodEnd = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000).toISOString();
      const held = await countSessionsHeld(db, unitId, periodStart, periodEnd);
      const promises = await listUnitCommitments(db, unitId);
      const results = await db.read((tx) => countResultsOnTime(tx, unitId, periodStart, periodEnd, clock()));
      const made = promises.filter((c) => hanoiDay(new Date(c.created_at)) >= from && hanoiDay(new Date(c.created_at)) <= to);
      const departments = [...new Set(all.map((r) => r.department).filter((d): d is string => d !== null))].sort();
      return {
        unitId,
        from,
        to,
        sessionsHeld: held,
        results,
        commitments: {
          made: made.length,
          kept: made.filter((c) => c.status === 'kept').length,
          overdueNow: promises.filter((c) => c.status === 'open' && c.due_day < today).length,
        },
        ...summarize(all, today, from, to),
        departments: departments.map((department) => ({ department, ...summarize(all.filter((r) => r.department === department), today, from, to) })),
      };
    },
  };
}
export type ScoreboardService = ReturnType<typeof createScoreboardService>;
