import sqlite3 from 'sqlite3';
import { hashPassword } from '../../server/staff/passwords.ts';
import { insertStaff } from '../../server/staff/staff.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { clientKey, staffMember, type Participant } from './clients.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './server.ts';
import type { OwnQuestion, StaffQuestion } from '../../shared/schemas/question.ts';
import type { z } from 'zod';
import type { Session, SessionCreateInput } from '../../shared/schemas/session.ts';
import type { Ack } from '../../shared/errors.ts';

export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/**
 * Reads until `ok` holds, for state another process settles (LiveKit, its webhooks, a browser's media); the wait is
 * generous because a busy two-core machine takes seconds. The error names `what` and the last value read.
 */
export async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function ask(resident: Participant, sessionId: number, text: string, extra: { name?: string; publishName?: boolean; topic?: string } = {}): Promise<OwnQuestion> {
  return expectOk(await resident.send('question:ask', { sessionId, text, clientKey: clientKey(), ...extra }));
}

export async function approve(moderator: Participant, questionId: number): Promise<StaffQuestion> {
  return expectOk(await moderator.send('question:moderate', { questionId, action: 'approve' }));
}

export async function goLive(staff: Participant, sessionId: number): Promise<Session> {
  return expectOk(await staff.send('session:transition', { sessionId, to: 'live' }));
}

/** Reads rows straight from the SQLite file, the way an auditor would, independent of the server's code. */
/** An administrator creates a session; anything but 201 fails the test. */
export async function createSession(admin: Participant, input: z.input<typeof SessionCreateInput>): Promise<Session> {
  const created = await admin.http.json<Session>('POST', '/api/admin/sessions', input);
  if (created.status !== 201) throw new Error(`expected 201 creating a session, got ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body;
}

export async function queryFile<T>(dbPath: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const conn = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(conn)));
  });
  try {
    return await new Promise<T[]>((resolve, reject) => db.all(sql, params, (err, rows: T[]) => (err ? reject(err) : resolve(rows))));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

let staffCounter = 0;
/** Creates a staff account through the admin HTTP API and returns its credentials. */
export async function createStaffAccount(admin: Participant, role: 'moderator' | 'chair' | 'admin'): Promise<{ username: string; password: string }> {
  staffCounter += 1;
  const username = `${role}${staffCounter}-${process.pid}`.toLowerCase();
  const password = `pw-${role}-${staffCounter}-long-enough`;
  const res = await admin.http.json('POST', '/api/admin/staff', { username, displayName: `Test ${role}`, role, password });
  if (res.status !== 201) throw new Error(`could not create ${role}: ${JSON.stringify(res.body)}`);
  return { username, password };
}

/** A new staff account of `role`, created by `admin` and signed in on its own socket and cookie. */
export async function newStaffMember(admin: Participant, baseUrl: string, role: 'moderator' | 'chair' | 'admin'): Promise<Participant> {
  const account = await createStaffAccount(admin, role);
  return staffMember(baseUrl, account.username, account.password);
}

/** The start most server suites share: a fresh test server, its demo session and its administrator signed in. */
export async function serverWithAdmin(options?: TestServerOptions): Promise<{ server: TestServer; admin: Participant; sessionId: number }> {
  const server = await startTestServer(options);
  try {
    return { server, admin: await staffMember(server.url, 'admin', server.adminPassword), sessionId: server.demoSessionId };
  } catch (error) {
    // The suite never receives this server, so its afterAll could not close it.
    await server.close();
    throw error;
  }
}

/** A suite's afterAll: its participants (those a failed beforeAll never made are skipped), then the server. */
export async function closeSuite(server: TestServer | undefined, ...participants: Array<Participant | undefined>): Promise<void> {
  for (const p of participants) p?.close();
  await server?.close();
}

/** A second unit with its own administrator ('other-admin'), signed in: for checks that units stay apart. */
export async function otherUnitAdmin(server: TestServer): Promise<Participant> {
  const passwordHash = await hashPassword('other-unit-password');
  await server.platform.db.write(async (tx) => {
    const unitId = await insertUnit(tx, 'UBND phường Khác', new Date());
    await insertStaff(tx, { unitId, username: 'other-admin', displayName: 'Other', role: 'admin', passwordHash, now: new Date() });
  });
  return staffMember(server.url, 'other-admin', 'other-unit-password');
}

/**
 * A session as the server sends it, for unit tests of code that only reads one: an open session of
 * 1 January 2026, 14:00–16:00 in Hanoi; `fields` set what the test is about.
 */
export function sessionFixture(fields: Partial<Session> = {}): Session {
  return {
    id: 1,
    unitId: 1,
    unitName: 'UBND phường',
    title: 'Tọa đàm',
    theme: 'Vỉa hè',
    description: '',
    officials: [],
    opensAt: '2025-12-25T07:00:00.000Z',
    startsAt: '2026-01-01T07:00:00.000Z',
    endsAt: '2026-01-01T09:00:00.000Z',
    state: 'open',
    premoderated: true,
    liveAt: null,
    endedAt: null,
    occurrenceKey: null,
    archiveVideoUrl: null,
    externalStreamUrl: null,
    noticeAt: '2025-12-01T00:00:00.000Z',
    ...fields,
  };
}
