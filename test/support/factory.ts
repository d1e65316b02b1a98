import sqlite3 from 'sqlite3';
import { hashPassword } from '../../server/staff/passwords.ts';
import { insertStaff } from '../../server/staff/staff.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { clientKey, staffMember, type Participant } from './clients.ts';
import type { TestServer } from './server.ts';
import type { OwnQuestion, StaffQuestion } from '../../shared/schemas/question.ts';
import type { Session } from '../../shared/schemas/session.ts';
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

/** A second unit with its own administrator ('other-admin'), signed in: for checks that units stay apart. */
export async function otherUnitAdmin(server: TestServer): Promise<Participant> {
  const passwordHash = await hashPassword('other-unit-password');
  await server.platform.db.write(async (tx) => {
    const unitId = await insertUnit(tx, 'UBND phường Khác', new Date());
    await insertStaff(tx, { unitId, username: 'other-admin', displayName: 'Other', role: 'admin', passwordHash, now: new Date() });
  });
  return staffMember(server.url, 'other-admin', 'other-unit-password');
}
