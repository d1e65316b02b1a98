/**
 * Residents are told of a dialogue at least 7 days ahead (Law on Organisation of Local Government 2025, Art. 43),
 * and its results are published within 10 days after it ends. Days here are calendar days, as the law counts them.
 */
export const NOTICE_MIN_DAYS = 7;
export const RESULTS_WITHIN_DAYS = 10;
const DAY_MS = 86_400_000;

/** A session is public once its notice is out; before that it is a draft only its unit's staff see. */
export function isAnnounced(session: { noticeAt: string | null }): boolean {
  return session.noticeAt !== null;
}

/** Whether a notice given at `noticeAt` (or now, for one about to be given) comes less than 7 days before the start. */
export function isShortNotice(startsAt: string, noticeAt: string | Date): boolean {
  return Date.parse(startsAt) - new Date(noticeAt).getTime() < NOTICE_MIN_DAYS * DAY_MS;
}

/** The last moment the results of a session that ended at `endedAt` may be published. */
export function resultsDueAt(endedAt: string): string {
  return new Date(Date.parse(endedAt) + RESULTS_WITHIN_DAYS * DAY_MS).toISOString();
}
