/**
 * Prepares a fresh platform the way people would: residents ask questions, the administrator approves them and
 * takes the session live, all over the real sockets. Enough approved questions that every benchmark vote can be
 * a resident's first vote on its question (a real new row).
 */
import type { Ack } from '../../shared/errors.ts';
import { connectSocket, inBatches, residentCookie, type BenchSocket } from './clients.ts';

export async function command<T>(socket: BenchSocket, name: string, payload: unknown): Promise<T> {
  const ack = (await (socket.timeout(30_000).emitWithAck as (...args: unknown[]) => Promise<Ack<T>>)(name, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${name} failed: ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

export async function signInAdmin(url: string, password: string): Promise<BenchSocket> {
  const { cookie } = await residentCookie(url);
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`admin sign-in failed with ${response.status}`);
  const staff = response.headers.getSetCookie().find((l) => l.startsWith('td_staff='));
  if (!staff) throw new Error('sign-in set no staff cookie');
  return connectSocket(url, `${cookie}; ${staff.split(';')[0]}`);
}

/** Questions asked and left pending, for a moderator to approve while a phase runs. */
export async function askPending(url: string, sessionId: number, count: number): Promise<number[]> {
  const asker = await connectSocket(url, (await residentCookie(url)).cookie);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const asked = await command<{ id: number }>(asker, 'question:ask', { sessionId, text: `Câu hỏi chờ duyệt số ${i + 1} về chiếu sáng công cộng`, clientKey: `bench-pending-${i + 1}` });
    ids.push(asked.id);
  }
  asker.close();
  return ids;
}

/** Returns the approved question ids, the demo's three included. */
export async function preparePlatform(url: string, options: { password: string; sessionId: number; questions: number }): Promise<number[]> {
  const admin = await signInAdmin(url, options.password);
  const askers = await Promise.all(Array.from({ length: 4 }, async () => connectSocket(url, (await residentCookie(url)).cookie)));
  const asked = await inBatches(options.questions - 3, 20, (i) =>
    command<{ id: number }>(askers[i % askers.length]!, 'question:ask', {
      sessionId: options.sessionId,
      text: `Câu hỏi thử số ${i + 1} về trật tự vỉa hè của phường`,
      clientKey: `bench-question-${i + 1}`,
    }),
  );
  const ids: number[] = [];
  for (const r of asked) {
    if (r.status === 'rejected') throw r.reason;
    ids.push(r.value.id);
  }
  const approved = await inBatches(ids.length, 20, (i) => command(admin, 'question:moderate', { questionId: ids[i]!, action: 'approve' }));
  const refused = approved.find((r) => r.status === 'rejected');
  if (refused && refused.status === 'rejected') throw refused.reason;
  await command(admin, 'session:transition', { sessionId: options.sessionId, to: 'live' });
  const snapshot = await command<{ questions: Array<{ id: number; status: string }> }>(admin, 'session:join', { sessionId: options.sessionId });
  for (const socket of [admin, ...askers]) socket.close();
  return snapshot.questions.filter((q) => q.status === 'approved').map((q) => q.id);
}
