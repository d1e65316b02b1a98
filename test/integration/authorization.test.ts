import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { ask, createStaffAccount, expectOk, goLive, newStaffMember, otherUnitAdmin, queryFile } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Role = 'resident' | 'moderator' | 'chair' | 'admin' | 'otherUnitAdmin';
const ROLES: Role[] = ['resident', 'moderator', 'chair', 'admin', 'otherUnitAdmin'];

/** Who may do what, in one table: each row's allowed roles; every other role must be refused. */
const SOCKET_MATRIX: Array<{ action: string; allowed: Role[] }> = [
  { action: 'approve', allowed: ['moderator', 'admin'] },
  { action: 'reject', allowed: ['moderator', 'admin'] },
  { action: 'edit', allowed: ['moderator', 'admin'] },
  { action: 'requeue', allowed: ['moderator', 'admin'] },
  { action: 'answer', allowed: ['moderator', 'chair', 'admin'] },
];

describe('authorization by role', () => {
  let server: TestServer;
  let sessionId: number;
  const as = {} as Record<Role, Participant>;

  beforeAll(async () => {
    server = await startTestServer();
    sessionId = server.demoSessionId;
    as.admin = await staffMember(server.url, 'admin', server.adminPassword);
    as.moderator = await newStaffMember(as.admin, server.url, 'moderator');
    as.chair = await newStaffMember(as.admin, server.url, 'chair');
    as.resident = await resident(server.url);
    as.otherUnitAdmin = await otherUnitAdmin(server);
    // Answering is only possible while live, so the matrix runs on a live session.
    await goLive(as.admin, sessionId);
  });

  afterAll(async () => {
    for (const p of Object.values(as)) p.close();
    await server?.close();
  });

  for (const { action, allowed } of SOCKET_MATRIX) {
    it.each(ROLES)(`question:moderate ${action} as %s`, async (role) => {
      // A fresh asker each time keeps the per-resident question limit out of this table.
      const asker = await resident(server.url);
      const q = await ask(asker, sessionId, `Câu hỏi để thử quyền ${action} của ${role}.`);
      asker.close();
      if (action === 'answer' || action === 'requeue') {
        expectOk(await as.admin.send('question:moderate', { questionId: q.id, action: 'approve' }));
      }
      const payload =
        action === 'reject'
          ? { questionId: q.id, action: 'reject' as const, reason: 'spam' as const }
          : action === 'edit'
            ? { questionId: q.id, action: 'edit' as const, text: 'Một nội dung đã được biên tập lại.' }
            : { questionId: q.id, action: action as 'approve' | 'answer' | 'requeue' };
      const ack = await as[role].send('question:moderate', payload);
      if (allowed.includes(role)) {
        expect(ack.ok).toBe(true);
      } else {
        expect(ack).toMatchObject({ ok: false, error: { code: role === 'resident' ? 'unauthenticated' : 'forbidden' } });
        const audit = await queryFile(server.dbPath, 'SELECT id FROM audit_log WHERE question_id = ? AND action = ?', [q.id, `question.${action}`]);
        expect(audit).toEqual([]);
      }
    });
  }

  it.each(ROLES)('the staff feed (pending questions, askers\' names) only for staff of the unit: %s', async (role) => {
    const snapshot = expectOk(await as[role].send('session:join', { sessionId }));
    expect(snapshot.view).toBe(['moderator', 'chair', 'admin'].includes(role) ? 'staff' : 'public');
    expect(snapshot.questions.every((q) => q.status !== 'pending' || snapshot.view === 'staff')).toBe(true);
  });

  it.each(ROLES)('session:transition as %s', async (role) => {
    const ack = await as[role].send('session:transition', { sessionId, to: 'scheduled' });
    // Allowed roles reach the state machine (which refuses going back); others are stopped before it.
    const expected = ['chair', 'admin'].includes(role) ? 'wrong_state' : role === 'resident' ? 'unauthenticated' : 'forbidden';
    expect(ack).toMatchObject({ ok: false, error: { code: expected } });
  });

  it('refuses a socket without a resident cookie at the handshake', async () => {
    const { io } = await import('socket.io-client');
    const bare = io(server.url, { transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => bare.once('connect_error', resolve));
    expect(error.message).toMatch(/unauthenticated/);
    bare.close();
  });

  it('ends a sign-in at logout: the cookie stops working and open staff sockets are closed', async () => {
    const mod = await createStaffAccount(as.admin, 'moderator');
    const temp = await staffMember(server.url, mod.username, mod.password);
    const dropped = new Promise<void>((resolve) => temp.socket.once('disconnect', () => resolve()));
    const oldCookie = temp.http.cookies.get('td_staff')!;
    const out = await temp.http.json<{ staff: unknown }>('POST', '/api/auth/logout', {});
    expect(out.body.staff).toBeNull();
    await dropped;
    temp.http.cookies.set('td_staff', oldCookie);
    const me = await temp.http.json<{ staff: unknown }>('GET', '/api/me');
    expect(me.body.staff).toBeNull();
    temp.close();
  });

  it('refuses a wrong password and throttles repeated attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      statuses.push((await as.resident.http.request('POST', '/api/auth/login', { username: 'admin', password: `wrong-${i}` })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('throttles one address trying many accounts', async () => {
    const guesser = await resident(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 101; i += 1) {
      statuses.push((await guesser.http.request('POST', '/api/auth/login', { username: `guess-${i}`, password: 'password123' })).status);
    }
    // Earlier sign-ins in this file came from the same loopback address, so the limit may bite a little sooner.
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(50);
    expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
    guesser.close();
  }, 60_000);

  it('signs resident cookies: a forged one is replaced, not trusted', async () => {
    const forged = await fetch(`${server.url}/api/me`, { headers: { cookie: 'td_rid=forged-resident-id.invalidsignature' } });
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('td_rid='))).toBe(true);
  });
});
