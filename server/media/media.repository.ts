import type { Egress, Hand, Ingress, SessionMedia, StreamTarget } from '../../shared/schemas/media.ts';
import type { Tx, Queryable } from '../core/db/database.ts';
import type { EgressSnapshot } from './livekit.ts';
import { residentIdentity, type StageState } from './rules.ts';

type RoomStatus = NonNullable<SessionMedia['room']>['status'];

interface RoomRow {
  room_name: string;
  status: RoomStatus;
  error: string | null;
  audience_now: number;
  audience_peak: number;
}

export async function findRoom(q: Queryable, sessionId: number): Promise<SessionMedia['room']> {
  const row = await q.get<RoomRow>('SELECT * FROM media_rooms WHERE session_id = ?', [sessionId]);
  return row
    ? { name: row.room_name, status: row.status, error: row.error, audienceNow: row.audience_now, audiencePeak: row.audience_peak }
    : null;
}

export async function upsertRoom(
  tx: Tx,
  sessionId: number,
  room: { name: string; status: RoomStatus; error: string | null },
  now: Date,
): Promise<void> {
  await tx.run(
    `INSERT INTO media_rooms (session_id, room_name, status, error, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`,
    [sessionId, room.name, room.status, room.error, now.toISOString()],
  );
}

/** LiveKit's own word on the room (a webhook): leaves the last error as it is. */
export async function setRoomStatus(tx: Tx, sessionId: number, name: string, status: RoomStatus, now: Date): Promise<void> {
  await tx.run(
    `INSERT INTO media_rooms (session_id, room_name, status, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
    [sessionId, name, status, now.toISOString()],
  );
}

/** Keeps the last problem with a session's video where staff see it, without changing the room's status. */
export async function noteRoomError(tx: Tx, sessionId: number, error: string, now: Date): Promise<void> {
  await tx.run('UPDATE media_rooms SET error = ?, updated_at = ? WHERE session_id = ?', [error, now.toISOString(), sessionId]);
}

/** Counts the audience from the participants present; the peak only ever grows. */
export async function recountAudience(tx: Tx, sessionId: number, now: Date): Promise<void> {
  await tx.run(
    `UPDATE media_rooms SET
       audience_now = (SELECT COUNT(*) FROM media_participants WHERE session_id = ?1),
       audience_peak = MAX(audience_peak, (SELECT COUNT(*) FROM media_participants WHERE session_id = ?1)),
       updated_at = ?2
     WHERE session_id = ?1`,
    [sessionId, now.toISOString()],
  );
}

export async function addParticipant(tx: Tx, sessionId: number, identity: string, now: Date): Promise<void> {
  await tx.run('INSERT OR IGNORE INTO media_participants (session_id, identity, joined_at) VALUES (?, ?, ?)', [
    sessionId,
    identity,
    now.toISOString(),
  ]);
}

export async function removeParticipantRow(tx: Tx, sessionId: number, identity: string): Promise<void> {
  await tx.run('DELETE FROM media_participants WHERE session_id = ? AND identity = ?', [sessionId, identity]);
}

export async function clearParticipants(tx: Tx, sessionId: number): Promise<void> {
  await tx.run('DELETE FROM media_participants WHERE session_id = ?', [sessionId]);
}

interface StageRow {
  resident_id: string;
  resident_tag: string;
  hand_raised_at: string;
  invited_at: string | null;
}

export async function findStage(q: Queryable, sessionId: number, residentId: string): Promise<StageState> {
  const row = await q.get<StageRow>('SELECT * FROM media_stage WHERE session_id = ? AND resident_id = ?', [sessionId, residentId]);
  return { handRaised: Boolean(row), invited: Boolean(row?.invited_at) };
}

export async function findStageByTag(q: Queryable, sessionId: number, tag: string): Promise<{ residentId: string; invited: boolean } | undefined> {
  const row = await q.get<StageRow>('SELECT * FROM media_stage WHERE session_id = ? AND resident_tag = ?', [sessionId, tag]);
  return row && { residentId: row.resident_id, invited: row.invited_at !== null };
}

export async function listHands(q: Queryable, sessionId: number): Promise<Hand[]> {
  const rows = await q.all<StageRow>('SELECT * FROM media_stage WHERE session_id = ? ORDER BY hand_raised_at, resident_tag', [sessionId]);
  return rows.map((row) => ({
    residentTag: row.resident_tag,
    identity: residentIdentity(row.resident_tag),
    raisedAt: row.hand_raised_at,
    invited: row.invited_at !== null,
  }));
}

export async function raiseHand(tx: Tx, sessionId: number, residentId: string, tag: string, now: Date): Promise<void> {
  await tx.run(
    `INSERT OR IGNORE INTO media_stage (session_id, resident_id, resident_tag, hand_raised_at) VALUES (?, ?, ?, ?)`,
    [sessionId, residentId, tag, now.toISOString()],
  );
}

export async function setInvited(tx: Tx, sessionId: number, residentId: string, by: string, now: Date): Promise<void> {
  await tx.run('UPDATE media_stage SET invited_at = ?, invited_by = ? WHERE session_id = ? AND resident_id = ?', [
    now.toISOString(),
    by,
    sessionId,
    residentId,
  ]);
}

export async function deleteStage(tx: Tx, sessionId: number, residentId: string): Promise<boolean> {
  const { changes } = await tx.run('DELETE FROM media_stage WHERE session_id = ? AND resident_id = ?', [sessionId, residentId]);
  return changes > 0;
}

export async function clearStage(tx: Tx, sessionId: number): Promise<void> {
  await tx.run('DELETE FROM media_stage WHERE session_id = ?', [sessionId]);
}

export async function markRemoved(tx: Tx, sessionId: number, identity: string, by: string, now: Date): Promise<void> {
  await tx.run('INSERT OR IGNORE INTO media_removed (session_id, identity, removed_by, removed_at) VALUES (?, ?, ?, ?)', [
    sessionId,
    identity,
    by,
    now.toISOString(),
  ]);
}

export async function isRemoved(q: Queryable, sessionId: number, identity: string): Promise<boolean> {
  return Boolean(await q.get('SELECT 1 AS one FROM media_removed WHERE session_id = ? AND identity = ?', [sessionId, identity]));
}

interface TargetRow {
  id: number;
  platform: StreamTarget['platform'];
  rtmp_url: string;
  stream_key: string;
}

/** The last four characters are enough for an administrator to recognise a key without it being usable. */
function maskKey(key: string): string {
  return `••••${key.slice(-4)}`;
}

export async function listStreamTargets(q: Queryable, sessionId: number): Promise<StreamTarget[]> {
  const rows = await q.all<TargetRow>('SELECT * FROM media_stream_targets WHERE session_id = ? ORDER BY id', [sessionId]);
  return rows.map((row) => ({ id: row.id, platform: row.platform, rtmpUrl: row.rtmp_url, streamKeyHint: maskKey(row.stream_key) }));
}

/** The full publish addresses, keys included: for LiveKit's egress only, never for a response or a log. */
export async function streamTargetUrls(q: Queryable, sessionId: number): Promise<{ urls: string[]; keys: string[] }> {
  const rows = await q.all<TargetRow>('SELECT * FROM media_stream_targets WHERE session_id = ? ORDER BY id', [sessionId]);
  return { urls: rows.map((row) => `${row.rtmp_url.replace(/\/+$/, '')}/${row.stream_key}`), keys: rows.map((row) => row.stream_key) };
}

/** The stored key of each of a session's destinations, by id: only the server ever reads them. */
export async function storedStreamKeys(q: Queryable, sessionId: number): Promise<Map<number, string>> {
  const rows = await q.all<TargetRow>('SELECT * FROM media_stream_targets WHERE session_id = ?', [sessionId]);
  return new Map(rows.map((row) => [row.id, row.stream_key]));
}

export async function replaceStreamTargets(
  tx: Tx,
  sessionId: number,
  targets: Array<{ platform: StreamTarget['platform']; rtmpUrl: string; streamKey: string }>,
  now: Date,
): Promise<void> {
  await tx.run('DELETE FROM media_stream_targets WHERE session_id = ?', [sessionId]);
  for (const target of targets) {
    await tx.run('INSERT INTO media_stream_targets (session_id, platform, rtmp_url, stream_key, created_at) VALUES (?, ?, ?, ?, ?)', [
      sessionId,
      target.platform,
      target.rtmpUrl,
      target.streamKey,
      now.toISOString(),
    ]);
  }
}

interface EgressRow {
  egress_id: string;
  kind: Egress['kind'];
  status: string;
  error: string | null;
  file_location: string | null;
  file_size: number | null;
  duration_ms: number | null;
  updated_at: string;
}

export async function listEgress(q: Queryable, sessionId: number): Promise<Egress[]> {
  const rows = await q.all<EgressRow>('SELECT * FROM media_egress WHERE session_id = ? ORDER BY started_at, egress_id', [sessionId]);
  return rows.map((row) => ({
    egressId: row.egress_id,
    kind: row.kind,
    status: row.status,
    error: row.error,
    fileLocation: row.file_location,
    fileSizeBytes: row.file_size,
    durationMs: row.duration_ms,
    updatedAt: row.updated_at,
  }));
}

const FINISHED_EGRESS = ['EGRESS_COMPLETE', 'EGRESS_FAILED', 'EGRESS_ABORTED', 'EGRESS_LIMIT_REACHED'];

export async function activeEgressIds(q: Queryable, sessionId: number): Promise<string[]> {
  const rows = await q.all<{ egress_id: string }>(
    `SELECT egress_id FROM media_egress WHERE session_id = ? AND status NOT IN (${FINISHED_EGRESS.map(() => '?').join(', ')})`,
    [sessionId, ...FINISHED_EGRESS],
  );
  return rows.map((row) => row.egress_id);
}

export async function insertEgress(tx: Tx, sessionId: number, kind: Egress['kind'], egress: EgressSnapshot, now: Date): Promise<void> {
  await tx.run(
    `INSERT OR IGNORE INTO media_egress (egress_id, session_id, kind, status, error, started_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [egress.egressId, sessionId, kind, egress.status, egress.error, now.toISOString(), now.toISOString()],
  );
}

/** Records what LiveKit reports of an egress we started; one it never told us about is ignored. */
export async function updateEgress(tx: Tx, egress: EgressSnapshot, now: Date): Promise<number | null> {
  const row = await tx.get<{ session_id: number }>(
    `UPDATE media_egress SET status = ?, error = COALESCE(?, error),
       file_location = COALESCE(?, file_location), file_size = COALESCE(?, file_size), duration_ms = COALESCE(?, duration_ms),
       updated_at = ?
     WHERE egress_id = ? RETURNING session_id`,
    [
      egress.status,
      egress.error,
      egress.file?.location ?? null,
      egress.file?.sizeBytes ?? null,
      egress.file?.durationMs ?? null,
      now.toISOString(),
      egress.egressId,
    ],
  );
  return row?.session_id ?? null;
}

interface IngressRow {
  ingress_id: string;
  type: Ingress['type'];
  url: string;
  stream_key: string;
  status: string;
  created_at: string;
}

export async function listIngress(q: Queryable, sessionId: number): Promise<Ingress[]> {
  const rows = await q.all<IngressRow>('SELECT * FROM media_ingress WHERE session_id = ? ORDER BY created_at, ingress_id', [sessionId]);
  return rows.map((row) => ({
    ingressId: row.ingress_id,
    type: row.type,
    url: row.url,
    streamKey: row.stream_key,
    status: row.status,
    createdAt: row.created_at,
  }));
}

export async function insertIngress(
  tx: Tx,
  sessionId: number,
  ingress: { ingressId: string; type: Ingress['type']; url: string; streamKey: string },
  now: Date,
): Promise<void> {
  await tx.run(
    `INSERT INTO media_ingress (ingress_id, session_id, type, url, stream_key, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'created', ?, ?)`,
    [ingress.ingressId, sessionId, ingress.type, ingress.url, ingress.streamKey, now.toISOString(), now.toISOString()],
  );
}

export async function setIngressStatus(tx: Tx, ingressId: string, status: string, now: Date): Promise<number | null> {
  const row = await tx.get<{ session_id: number }>(
    'UPDATE media_ingress SET status = ?, updated_at = ? WHERE ingress_id = ? RETURNING session_id',
    [status, now.toISOString(), ingressId],
  );
  return row?.session_id ?? null;
}

/** Remembers a webhook's id; false when it was seen before, so a retried delivery is applied once. */
export async function rememberEvent(tx: Tx, eventId: string, event: string, now: Date): Promise<boolean> {
  const { changes } = await tx.run('INSERT OR IGNORE INTO media_webhook_events (event_id, event, received_at) VALUES (?, ?, ?)', [
    eventId,
    event,
    now.toISOString(),
  ]);
  return changes > 0;
}

/** Where the session's finished recording was written, as LiveKit reported it; null while there is none. */
export async function finishedRecording(q: Queryable, sessionId: number): Promise<string | null> {
  const row = await q.get<{ file_location: string }>(
    `SELECT file_location FROM media_egress WHERE session_id = ? AND kind = 'recording' AND status = 'EGRESS_COMPLETE'
     AND file_location IS NOT NULL ORDER BY updated_at DESC LIMIT 1`,
    [sessionId],
  );
  return row?.file_location ?? null;
}
