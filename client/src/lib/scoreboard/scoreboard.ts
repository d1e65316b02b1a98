import { hanoiDay } from '../../../../shared/rules/working-days.ts';
import { urlOf } from '../../../../shared/http.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from '../core/api.ts';

export type { ScoreLine, Scoreboard } from '../../../../shared/schemas/scoreboard.ts';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'custom'];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The calendar span of "this month / quarter / year" on the wall calendar of Hanoi. */
export function periodSpan(kind: Exclude<PeriodKind, 'custom'>, now: Date): { from: string; to: string } {
  const [y, m] = hanoiDay(now).split('-').map(Number) as [number, number];
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (kind === 'month') return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastDay(y, m)}` };
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${lastDay(y, first + 2)}` };
}

export interface ScoreboardPeriod {
  unit: number;
  from: string;
  to: string;
}

export const scoreboardApi = {
  get: (period: ScoreboardPeriod) => call(PATHS.scoreboard.scoreboard, { query: period }),
};

/** The same period's questions, one row each, as a CSV file to download. */
export const scoreboardCsvHref = (period: ScoreboardPeriod) => urlOf(PATHS.scoreboard.csv, { query: period });

/** A figure as shown: a dash when there is nothing to measure yet. */
export function figure(value: number | null, suffix = ''): string {
  return value === null ? '—' : `${value}${suffix}`;
}
