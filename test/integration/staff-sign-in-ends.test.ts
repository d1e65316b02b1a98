import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket, Participant } from '../support/clients.ts';
import { resident, staffMember } from '../support/clients.ts';
import { ask, closeSuite, createStaffAccount, expectOk, serverWithAdmin } from '../support/factory.ts';
import type { TestServer } from '../support/server.ts';

const run = promisify(execFile);

/** Whether a staff-feed broadcast (a pending question, with its asker) reaches the socket within the wait. */
async function getsStaffFeed(socket: ClientSocket, asker: Participant, sessionId: number, waitMs = 1500): Promise<boolean> {
  let seen = false;
  const listener = (event: { question: { status: string } }) => {
    if (event.question.status === 'pending') seen = true;
  };
  socket.on('question:changed', listener as never);
  await ask(asker, sessionId, `Một câu hỏi mới lúc ${Date.now()} cho nhóm kiểm duyệt.`);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  socket.off('question:changed', listener as never);
  return seen;
}

/** Cuts the transport under a socket, as a 4G drop would; the client reconnects on its own with recovery data. */
async function blip(socket: ClientSocket): Promise<void> {
  const back = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
  socket.io.engine.close();
  await back;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

function residentCookie(p: Participant): string {
  return `td_rid=${p.http.cookies.get('td_rid')}`;
}

describe('staff powers end with the sign-in', () => {
  let server: TestServer;
  let admin: Participant;
  let asker: Participant;
  let sessionId: number;
  let offsetMs = 0;

  beforeAll(async () => {
    ({ server, admin, sessionId } = await serverWithAdmin({ env: { QUESTIONS_PER_MINUTE: '1000' }, clock: () => new Date(Date.now() + offsetMs) }));
    asker = await resident(server.url);
  });
  afterAll(() => closeSuite(server, admin, asker));

  async function moderatorOnFeed(): Promise<{ mod: Participant; username: string; password: string }> {
    const account = await createStaffAccount(admin, 'moderator');
    const mod = await staffMember(server.url, account.username, account.password);
    // As the page does (client/src/lib/core/socket.ts): a socket the server ended connects again as its cookies say.
    mod.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') mod.socket.connect();
    });
    expect(expectOk(await mod.send('session:join', { sessionId })).view).toBe('staff');
    expect(await getsStaffFeed(mod.socket, asker, sessionId)).toBe(true);
    return { mod, ...account };
  }

  async function userId(username: string): Promise<number> {
    const list = await admin.http.json<Array<{ id: number; username: string }>>('GET', '/api/admin/staff');
    return list.body.find((u) => u.username === username)!.id;
  }

  it('deactivation: the open socket can no longer moderate and the staff feed stops at once', async () => {
    const { mod, username } = await moderatorOnFeed();
    const pending = await ask(asker, sessionId, 'Câu hỏi chờ duyệt sau khi tài khoản bị khoá.');
    const res = await admin.http.json('PATCH', `/api/admin/staff/${await userId(username)}`, { active: false });
    expect(res.status).toBe(200);
    expect(await mod.send('question:moderate', { questionId: pending.id, action: 'approve' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await getsStaffFeed(mod.socket, asker, sessionId)).toBe(false);
    mod.close();
  });

  it('logout after an earlier blip: its sockets come back as residents, not recovered with staff powers', async () => {
    const { mod } = await moderatorOnFeed();
    // The earlier blip leaves a saved state behind, which the reconnect after logout would otherwise restore.
    await blip(mod.socket);
    expect(mod.socket.recovered).toBe(true);
    const pending = await ask(asker, sessionId, 'Câu hỏi chờ duyệt sau khi đăng xuất.');
    (mod.socket.io.opts.extraHeaders as Record<string, string>).cookie = residentCookie(mod);
    const back = new Promise<boolean>((resolve) => mod.socket.once('disconnect', () => mod.socket.once('connect', () => resolve(mod.socket.recovered))));
    expect((await mod.http.json('POST', '/api/auth/logout', {})).status).toBe(200);
    expect(await back).toBe(false);
    expect(await mod.send('question:moderate', { questionId: pending.id, action: 'approve' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await getsStaffFeed(mod.socket, asker, sessionId)).toBe(false);
    mod.close();
  });

  it.each(['resident', 'none'] as const)('a drop, then logout, then reconnect (cookie: %s) is not recovered with staff powers', async (cookie) => {
    const { mod } = await moderatorOnFeed();
    const pending = await ask(asker, sessionId, `Câu hỏi chờ duyệt, mất kết nối rồi đăng xuất (${cookie}).`);
    mod.socket.io.reconnection(false);
    const dropped = new Promise<void>((resolve) => mod.socket.once('disconnect', () => resolve()));
    mod.socket.io.engine.close();
    await dropped;
    expect((await mod.http.json('POST', '/api/auth/logout', {})).status).toBe(200);
    const headers = mod.socket.io.opts.extraHeaders as Record<string, string>;
    if (cookie === 'resident') headers.cookie = residentCookie(mod);
    else delete headers.cookie;
    const outcome = new Promise<'connected' | 'refused'>((resolve) => {
      mod.socket.once('connect', () => resolve('connected'));
      mod.socket.once('connect_error', () => resolve('refused'));
    });
    mod.socket.connect();
    if ((await outcome) === 'connected') {
      expect(mod.socket.recovered).toBe(false);
      expect(await mod.send('question:moderate', { questionId: pending.id, action: 'approve' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(await getsStaffFeed(mod.socket, asker, sessionId)).toBe(false);
    } else {
      expect(cookie).toBe('none');
    }
    mod.close();
  });

  it('a blip while the sign-in is live is still recovered with the staff feed', async () => {
    const { mod } = await moderatorOnFeed();
    await blip(mod.socket);
    expect(mod.socket.recovered).toBe(true);
    expect(await getsStaffFeed(mod.socket, asker, sessionId)).toBe(true);
    mod.close();
  });

  it('recovery reads the cookies again: a blip that comes back without the staff cookie loses the staff feed', async () => {
    const { mod } = await moderatorOnFeed();
    const pending = await ask(asker, sessionId, 'Câu hỏi chờ duyệt, kết nối lại không có cookie nhân viên.');
    (mod.socket.io.opts.extraHeaders as Record<string, string>).cookie = residentCookie(mod);
    await blip(mod.socket);
    expect(await mod.send('question:moderate', { questionId: pending.id, action: 'approve' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await getsStaffFeed(mod.socket, asker, sessionId)).toBe(false);
    mod.close();
  });

  it('a password reset from scripts/admin.ts in another process ends the sign-in: commands at once, the feed soon after', async () => {
    const { mod, username } = await moderatorOnFeed();
    const pending = await ask(asker, sessionId, 'Câu hỏi chờ duyệt sau khi đặt lại mật khẩu.');
    const closed = new Promise<void>((resolve) => mod.socket.once('disconnect', () => resolve()));
    await run('npx', ['tsx', 'scripts/admin.ts', 'reset-password', '--username', username], {
      env: { ...process.env, DATABASE_PATH: server.dbPath, LOG_LEVEL: 'silent' },
    });
    // The feed stops within the sweep, without the socket sending anything.
    const deadline = Date.now() + 10_000;
    let feed = true;
    while (feed && Date.now() < deadline) feed = await getsStaffFeed(mod.socket, asker, sessionId, 500);
    expect(feed).toBe(false);
    await closed;
    if (!mod.socket.connected) await new Promise<void>((resolve) => mod.socket.once('connect', () => resolve()));
    const ack = await mod.send('question:moderate', { questionId: pending.id, action: 'approve' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    mod.close();
  }, 60_000);

  it('a command on a socket whose sign-in was ended elsewhere is refused before any sweep', async () => {
    const { mod, username } = await moderatorOnFeed();
    const pending = await ask(asker, sessionId, 'Câu hỏi chờ duyệt khi phiên đăng nhập bị xoá ở nơi khác.');
    // Another process ending the sign-in: only the row goes; this server hears nothing.
    await server.platform.db.write((tx) =>
      tx.run('DELETE FROM staff_logins WHERE user_id = (SELECT id FROM staff_users WHERE username = ?)', [username]),
    );
    const ack = await mod.send('question:moderate', { questionId: pending.id, action: 'approve' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    mod.close();
  });

  it('expiry: twelve hours after sign-in the socket can no longer moderate', async () => {
    const { mod } = await moderatorOnFeed();
    const pending = await ask(asker, sessionId, 'Câu hỏi chờ duyệt khi phiên đăng nhập đã hết hạn.');
    offsetMs = 12 * 60 * 60 * 1000 + 60_000;
    try {
      const ack = await mod.send('question:moderate', { questionId: pending.id, action: 'approve' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    } finally {
      offsetMs = 0;
      mod.close();
    }
  });
});
