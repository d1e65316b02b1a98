import { isAnnounced } from '../../shared/rules/notice.ts';
import { Official, type Session, type SessionCreateInput, type SessionState, type SessionUpdateInput } from '../../shared/schemas/session.ts';
import type { Database, Queryable, Tx } from '../core/db/database.ts';

interface SessionRow {
  id: number;
  unit_id: number;
  unit_name: string;
  title: string;
  theme: string;
  description: string;
  officials_json: string;
  opens_at: string;
  starts_at: string;
  ends_at: string;
  state: SessionState;
  live_at: string | null;
  ended_at: string | null;
  occurrence_key: string | null;
  archive_video_url: string | null;
  premoderated: number;
  external_stream_url: string | null;
  public_version: number;
  staff_version: number;
  notice_at: string | null;
}

const SELECT = `
  SELECT s.*, u.name AS unit_name FROM sessions s JOIN units u ON u.id = s.unit_id`;

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    title: row.title,
    theme: row.theme,
    description: row.description,
    // Officials stored before roles existed were all invited guests.
    officials: (JSON.parse(row.officials_json) as Array<Partial<Official>>).map((o) => Official.parse(o)),
    opensAt: row.opens_at,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    state: row.state,
    liveAt: row.live_at,
    endedAt: row.ended_at,
    premoderated: row.premoderated === 1,
    occurrenceKey: row.occurrence_key,
    archiveVideoUrl: row.archive_video_url,
    externalStreamUrl: row.external_stream_url,
    noticeAt: row.notice_at,
  };
}

export interface Versions {
  public: number;
  staff: number;
}

export async function findSession(q: Queryable, id: number): Promise<Session | undefined> {
  const row = await q.get<SessionRow>(`${SELECT} WHERE s.id = ?`, [id]);
  return row && toSession(row);
}

export async function findSessionWithVersions(
  q: Queryable,
  id: number,
): Promise<{ session: Session; versions: Versions } | undefined> {
  const row = await q.get<SessionRow>(`${SELECT} WHERE s.id = ?`, [id]);
  return row && { session: toSession(row), versions: { public: row.public_version, staff: row.staff_version } };
}

export async function listSessions(q: Queryable, unitId?: number): Promise<Session[]> {
  const rows = unitId
    ? await q.all<SessionRow>(`${SELECT} WHERE s.unit_id = ? ORDER BY s.starts_at`, [unitId])
    : await q.all<SessionRow>(`${SELECT} ORDER BY s.starts_at`);
  return rows.map(toSession);
}

/** The unit's sessions whose notice is out: what the programme and its calendar feed show. */
export async function publicSessions(q: Queryable, unitId: number): Promise<Session[]> {
  return (await listSessions(q, unitId)).filter(isAnnounced);
}

/** Questions open a week ahead unless the session says otherwise. */
export const DEFAULT_OPEN_DAYS_BEFORE = 7;

export async function insertSession(
  tx: Tx,
  unitId: number,
  input: SessionCreateInput,
  state: SessionState,
  now: Date,
  occurrenceKey: string | null = null,
): Promise<number> {
  const startsAt = new Date(input.startsAt);
  const opensAt = input.opensAt ? new Date(input.opensAt) : new Date(startsAt.getTime() - DEFAULT_OPEN_DAYS_BEFORE * 86_400_000);
  const { lastID } = await tx.run(
    `INSERT INTO sessions (unit_id, title, theme, description, officials_json, opens_at, starts_at, ends_at, state,
       premoderated, occurrence_key, archive_video_url, external_stream_url, notice_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      unitId,
      input.title,
      input.theme,
      input.description,
      JSON.stringify(input.officials),
      opensAt.toISOString(),
      startsAt.toISOString(),
      new Date(input.endsAt).toISOString(),
      state,
      input.premoderated ? 1 : 0,
      occurrenceKey,
      input.archiveVideoUrl ?? null,
      input.externalStreamUrl ?? null,
      input.publishNotice === false ? null : now.toISOString(),
      now.toISOString(),
      now.toISOString(),
    ],
  );
  return lastID;
}

export async function updateSession(tx: Tx, id: number, patch: SessionUpdateInput, now: Date): Promise<void> {
  const columns: string[] = [];
  const params: Array<string | number | null> = [];
  const set = (column: string, value: string | number | null) => {
    columns.push(`${column} = ?`);
    params.push(value);
  };
  if (patch.title !== undefined) set('title', patch.title);
  if (patch.theme !== undefined) {
    // A theme changed by hand outlives a later change to the month's planned theme; the admin form sends the theme
    // with every edit, so only a different one counts (SET reads the row as it was before this update).
    columns.push('theme_by_hand = CASE WHEN theme != ? THEN 1 ELSE theme_by_hand END');
    params.push(patch.theme);
    set('theme', patch.theme);
  }
  if (patch.description !== undefined) set('description', patch.description);
  if (patch.officials !== undefined) set('officials_json', JSON.stringify(patch.officials));
  if (patch.opensAt !== undefined) set('opens_at', new Date(patch.opensAt).toISOString());
  if (patch.startsAt !== undefined) set('starts_at', new Date(patch.startsAt).toISOString());
  if (patch.archiveVideoUrl !== undefined) set('archive_video_url', patch.archiveVideoUrl ?? null);
  if (patch.endsAt !== undefined) set('ends_at', new Date(patch.endsAt).toISOString());
  if (patch.premoderated !== undefined) set('premoderated', patch.premoderated ? 1 : 0);
  if (patch.externalStreamUrl !== undefined) set('external_stream_url', patch.externalStreamUrl);
  set('updated_at', now.toISOString());
  await tx.run(`UPDATE sessions SET ${columns.join(', ')} WHERE id = ?`, [...params, id]);
}

/** Publishes a draft's notice; a notice already out keeps its date. */
export async function publishSessionNotice(tx: Tx, id: number, now: Date): Promise<void> {
  await tx.run('UPDATE sessions SET notice_at = ?, updated_at = ? WHERE id = ? AND notice_at IS NULL', [now.toISOString(), now.toISOString(), id]);
}

/** Going live and ending are stamped once: the record counts from the first, and the second frees the slot. */
export async function setSessionState(tx: Tx, id: number, state: SessionState, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx.run(
    `UPDATE sessions SET state = ?, updated_at = ?,
       live_at = CASE WHEN ? = 'live' THEN COALESCE(live_at, ?) ELSE live_at END,
       ended_at = CASE WHEN ? = 'ended' THEN COALESCE(ended_at, ?) ELSE ended_at END
     WHERE id = ?`,
    [state, at, state, at, state, at, id],
  );
}

/**
 * Numbers a change in the session's feeds. A change staff alone can see moves only the staff feed, so residents
 * never see a gap they would have to resync for.
 */
export async function bumpVersions(tx: Tx, sessionId: number, audience: { public: boolean }): Promise<Versions> {
  const row = await tx.get<{ public_version: number; staff_version: number }>(
    `UPDATE sessions SET staff_version = staff_version + 1, public_version = public_version + ?
     WHERE id = ? RETURNING public_version, staff_version`,
    [audience.public ? 1 : 0, sessionId],
  );
  if (!row) throw new Error(`session ${sessionId} vanished while numbering a change`);
  return { public: row.public_version, staff: row.staff_version };
}

/**
 * Sessions of the unit whose time overlaps the given span: one unit holds one town hall at a time. A session that
 * ended early holds its slot only until it really ended.
 */
export async function overlapping(q: Queryable, unitId: number, startsAt: Date, endsAt: Date, exceptId = 0): Promise<number[]> {
  const rows = await q.all<{ id: number }>(
    'SELECT id FROM sessions WHERE unit_id = ? AND id != ? AND starts_at < ? AND COALESCE(ended_at, ends_at) > ?',
    [unitId, exceptId, endsAt.toISOString(), startsAt.toISOString()],
  );
  return rows.map((r) => r.id);
}

/** Sessions of the unit held (live now, or ended) that started in [from, to), both ISO instants. */
export async function countSessionsHeld(q: Queryable, unitId: number, from: string, to: string): Promise<number> {
  // A session being held right now counts: its answers already count as answered live.
  const row = await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE unit_id = ? AND state IN ('live', 'ended') AND starts_at >= ? AND starts_at < ?", [
    unitId,
    from,
    to,
  ]);
  return row!.n;
}

export async function countLiveSessions(q: Queryable): Promise<number> {
  const row = await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE state = 'live'");
  return row?.n ?? 0;
}

/**
 * The months (`YYYY-MM`) that already have their town hall, and which session holds each: a generated session by
 * its occurrence, a session planned by hand by the month it starts in (Hanoi time).
 */
export async function existingOccurrences(q: Queryable, unitId: number): Promise<Map<string, number>> {
  const rows = await q.all<{ month: string; id: number }>(
    `SELECT COALESCE(occurrence_key, strftime('%Y-%m', starts_at, '+7 hours')) AS month, id FROM sessions
     WHERE unit_id = ? ORDER BY occurrence_key IS NULL, id`,
    [unitId],
  );
  const months = new Map<string, number>();
  for (const row of rows) if (!months.has(row.month)) months.set(row.month, row.id);
  return months;
}

/**
 * Gives a month's generated session its newly planned theme, unless staff chose its theme by hand or it has
 * already gone live (the record keeps the theme it was held under). Returns the ids of the sessions changed.
 */
export async function applyPlannedTheme(tx: Tx, unitId: number, month: string, theme: string, now: Date): Promise<number[]> {
  const rows = await tx.all<{ id: number }>(
    `UPDATE sessions SET theme = ?, updated_at = ?
     WHERE unit_id = ? AND occurrence_key = ? AND theme_by_hand = 0 AND state IN ('scheduled', 'open') AND theme != ?
     RETURNING id`,
    [theme, now.toISOString(), unitId, month, theme],
  );
  return rows.map((r) => r.id);
}

/**
 * Ended sessions whose resident ids are due to be detached, not yet done: `ends_at`, the scheduled end, is never
 * before the real one (a chair may end early; the schedule ends a session at `ends_at`), so no id goes early.
 */
export async function listSessionsToDetach(q: Queryable, endedBefore: Date): Promise<number[]> {
  const rows = await q.all<{ id: number }>(
    "SELECT id FROM sessions WHERE state = 'ended' AND residents_detached_at IS NULL AND ends_at <= ? ORDER BY id",
    [endedBefore.toISOString()],
  );
  return rows.map((r) => r.id);
}

export async function markResidentsDetached(tx: Tx, id: number, now: Date): Promise<void> {
  await tx.run('UPDATE sessions SET residents_detached_at = ? WHERE id = ?', [now.toISOString(), id]);
}

/**
 * Numbers a tally: moves the session's versions on by one and reads the questions' counts, in one statement that
 * commits alone (see Database.writeOne), so the counts are exactly those at that version.
 */
export async function numberTally(
  db: Pick<Database, 'writeOne'>,
  sessionId: number,
  questionIds: readonly number[],
): Promise<{ versions: Versions; counts: Array<[number, number]> }> {
  const marks = questionIds.map(() => '?').join(', ');
  const [row] = await db.writeOne<{ public_version: number; staff_version: number; counts: string }>(
    `UPDATE sessions SET staff_version = staff_version + 1, public_version = public_version + 1 WHERE id = ?
     RETURNING public_version, staff_version,
       (SELECT json_group_array(json_array(id, vote_count)) FROM questions WHERE id IN (${marks})) AS counts`,
    [sessionId, ...questionIds],
  );
  if (!row) throw new Error(`session ${sessionId} vanished while numbering a change`);
  const counts = (JSON.parse(row.counts) as Array<[number, number]>).sort((a, b) => a[0] - b[0]);
  return { versions: { public: row.public_version, staff: row.staff_version }, counts };
}
