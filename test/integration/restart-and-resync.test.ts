import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, reopen, resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask, expectOk } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('durability and resynchronisation', () => {
  let server: TestServer;
  let sessionId: number;
  const open: Participant[] = [];
  const track = (p: Participant) => (open.push(p), p);

  beforeAll(async () => {
    server = await startTestServer();
    sessionId = server.demoSessionId;
  });

  afterAll(async () => {
    for (const p of open) p.close();
    await server?.close();
  });

  it('finds questions, votes, moderation and sign-ins still there after a restart', async () => {
    const admin = track(await staffMember(server.url, 'admin', server.adminPassword));
    const alice = track(await resident(server.url));
    const dan = track(await resident(server.url));
    const q = await ask(alice, sessionId, 'Câu hỏi phải còn nguyên sau khi máy chủ khởi động lại.');
    await approve(admin, q.id);
    // Another resident votes: an asker's own vote is not counted.
    expectOk(await dan.send('vote:set', { questionId: q.id, value: true }));

    await server.restart();

    const aliceReloaded = track(await reopen(alice.http));
    const aliceView = expectOk(await aliceReloaded.send('session:join', { sessionId }));
    expect(aliceView.mine.map((x) => x.id)).toContain(q.id);
    const danView = expectOk(await track(await reopen(dan.http)).send('session:join', { sessionId }));
    expect(danView.myVotes).toContain(q.id);

    const restartedAlice = track(await resident(server.url));
    const snapshotForNewcomer = expectOk(await restartedAlice.send('session:join', { sessionId }));
    expect(snapshotForNewcomer.questions.find((x) => x.id === q.id)).toMatchObject({ status: 'approved', votes: 1 });

    const adminAgain = await admin.http.json<{ staff: { username: string } | null }>('GET', '/api/me');
    expect(adminAgain.body.staff?.username).toBe('admin');
    const staffView = expectOk(await track(await staffMember(server.url, 'admin', server.adminPassword)).send('session:join', { sessionId }));
    expect(staffView.view === 'staff' && staffView.audit.some((a) => a.questionId === q.id && a.action === 'question.approve')).toBe(true);
  });

  it('reconnects a resident after a restart and gives a fresh snapshot with their own votes', async () => {
    const bob = track(await resident(server.url));
    const admin = track(await staffMember(server.url, 'admin', server.adminPassword));
    const q = await ask(bob, sessionId, 'Bob hỏi trước khi máy chủ khởi động lại, rồi kết nối lại.');
    await approve(admin, q.id);
    // Bob votes for a question he did not ask: an asker's own vote is not counted.
    const demo = expectOk(await bob.send('session:join', { sessionId })).questions.find((x) => x.id !== q.id)!;
    expectOk(await bob.send('vote:set', { questionId: demo.id, value: true }));
    const before = expectOk(await bob.send('session:join', { sessionId }));

    const reconnected = new Promise<void>((resolve) => bob.socket.io.once('reconnect', () => resolve()));
    await server.restart();
    await reconnected;

    const after = expectOk(await bob.send('session:join', { sessionId }));
    expect(after.myVotes).toContain(demo.id);
    expect(after.mine.map((x) => x.id)).toContain(q.id);
    expect(after.version).toBeGreaterThanOrEqual(before.version);
    expect(new Set(after.questions.map((x) => x.id)).size).toBe(after.questions.length);
  });

  it('numbers the public feed so a client can detect a missed broadcast and resync', async () => {
    const carol = track(await resident(server.url));
    const admin = track(await staffMember(server.url, 'admin', server.adminPassword));
    expectOk(await admin.send('session:join', { sessionId }));
    const start = expectOk(await carol.send('session:join', { sessionId }));

    const versions: number[] = [];
    carol.socket.on('question:changed', (e) => versions.push(e.version));
    carol.socket.on('votes:tallied', (e) => versions.push(e.version));

    const pending = await ask(carol, sessionId, 'Câu hỏi đang chờ duyệt không làm tăng số thứ tự công khai.');
    const one = await ask(carol, sessionId, 'Câu hỏi thứ nhất được duyệt để kiểm tra số thứ tự.');
    const two = await ask(carol, sessionId, 'Câu hỏi thứ hai được duyệt để kiểm tra số thứ tự.');
    const last = nextEvent(carol.socket, 'question:changed', (e) => e.question.id === two.id);
    await approve(admin, one.id);
    await approve(admin, two.id);
    await last;
    expect(versions).toEqual([start.version + 1, start.version + 2]);

    const fresh = expectOk(await carol.send('session:join', { sessionId }));
    expect(fresh.version).toBe(start.version + 2);
    expect(fresh.questions.map((x) => x.id)).toEqual(expect.arrayContaining([one.id, two.id]));
    expect(fresh.questions.map((x) => x.id)).not.toContain(pending.id);
  });

  it('recovers a dropped connection with its rooms and the broadcasts it missed, in order', async () => {
    const dave = track(await resident(server.url));
    const admin = track(await staffMember(server.url, 'admin', server.adminPassword));
    expectOk(await dave.send('session:join', { sessionId }));
    // Recovery resumes from the last broadcast received, so Dave has seen one before the drop.
    const first = await ask(admin, sessionId, 'Câu hỏi được duyệt trước khi mạng của Dave bị rớt.');
    const firstSeen = nextEvent(dave.socket, 'question:changed', (e) => e.question.id === first.id);
    await approve(admin, first.id);
    const before = (await firstSeen).version;
    const q = await ask(admin, sessionId, 'Câu hỏi được duyệt khi mạng của Dave bị rớt.');
    const seen: number[] = [];
    dave.socket.on('question:changed', (e) => seen.push(e.version));
    const recovered = new Promise<boolean>((resolve) => dave.socket.once('connect', () => resolve(dave.socket.recovered)));
    // The phone's network drops: the transport closes without a goodbye, as on a lost 4G signal.
    dave.socket.io.engine.close();
    await approve(admin, q.id);
    expect(await recovered).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([before + 1]);
  });
});
