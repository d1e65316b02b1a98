import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Poll } from '../../shared/schemas/poll.ts';
import { HttpAgent, reopen, resident, staffMember, type Participant } from '../support/clients.ts';
import { expectOk, goLive } from '../support/factory.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { MAX_BUFFERED_BYTES, bufferedBytes } from '../../server/realtime/send-buffer.ts';

describe('per-command limits and the per-socket buffer cap', () => {
  let server: TestServer;
  let admin: Participant;
  let sessionId: number;
  const open: Participant[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    sessionId = server.demoSessionId;
    admin = await staffMember(server.url, 'admin', server.adminPassword);
    open.push(admin);
    await goLive(admin, sessionId);
  });

  afterAll(async () => {
    for (const p of open) p.close();
    await server?.close();
  });

  async function codes(p: Participant, count: number, send: () => Promise<{ ok: boolean; error?: { code: string } }>): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const ack = await send();
      out.push(ack.ok ? 'ok' : ack.error!.code);
    }
    return out;
  }

  it('session:join: 30 a minute per socket, 60 per resident over all their sockets', async () => {
    const first = await resident(server.url);
    open.push(first);
    const join = (p: Participant) => () => p.send('session:join', { sessionId });
    const fromFirst = await codes(first, 31, join(first));
    expect(fromFirst.slice(0, 30).every((c) => c === 'ok')).toBe(true);
    expect(fromFirst[30]).toBe('rate_limited');
    const second = await reopen(first.http);
    open.push(second);
    expect((await codes(second, 30, join(second))).every((c) => c === 'ok')).toBe(true);
    const third = await reopen(first.http);
    open.push(third);
    expect(await third.send('session:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Another resident is not held back by the first one's joins.
    const other = await resident(server.url);
    open.push(other);
    expectOk(await other.send('session:join', { sessionId }));
  }, 60_000);

  it('malformed payloads do not count: after 1,000 of them a valid join still goes through', async () => {
    const p = await resident(server.url);
    open.push(p);
    const bad = await Promise.all(Array.from({ length: 1000 }, (_, i) => p.send('session:join', { sessionId: `x${i}` } as never)));
    expect(bad.every((ack) => !ack.ok && ack.error.code === 'bad_request')).toBe(true);
    expectOk(await p.send('session:join', { sessionId }));
  }, 60_000);

  it('poll:vote: 30 a minute per resident', async () => {
    const poll = expectOk(await admin.send('poll:create', { sessionId, question: 'Ưu tiên sửa đường nào?', options: ['Đường A', 'Đường B'] }));
    expectOk(await admin.send('poll:open', { pollId: poll.id }));
    const voter = await resident(server.url);
    open.push(voter);
    const optionIds = (poll as Poll).options.map((o) => o.id);
    const results = await codes(voter, 31, () => voter.send('poll:vote', { pollId: poll.id, optionIds: [optionIds[0]!] }));
    expect(results.slice(0, 30).every((c) => c === 'ok')).toBe(true);
    expect(results[30]).toBe('rate_limited');
  }, 60_000);

  it('POST /api/me/questions/seen: 30 a minute per resident', async () => {
    const http = new HttpAgent(server.url);
    await http.json('GET', '/api/me');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await http.request('POST', '/api/me/questions/seen', { questionIds: [1] })).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  }, 60_000);

  it('a client that sends joins and never reads is cut at the buffer cap, and can join again', async () => {
    const http = new HttpAgent(server.url);
    await http.json('GET', '/api/me');
    const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const headers = { cookie: http.cookieHeader };
    const handshake = await (await fetch(base, { headers })).text();
    const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
    const post = (body: string) => fetch(`${base}&sid=${sid}`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, body });
    expect((await post('40')).status).toBe(200);
    // Polling, never polled: everything the server answers waits in its buffer for this client.
    let ackId = 0;
    let peak = 0;
    let cut = false;
    for (let batch = 0; batch < 40 && !cut; batch += 1) {
      const packets = Array.from({ length: 300 }, () => `42${(ackId += 1)}["session:join",{"sessionId":${sessionId}}]`);
      const res = await post(packets.join('\x1e'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const socket = [...server.platform.app.io.of('/').sockets.values()].find((s) => (s.conn as unknown as { id: string }).id === sid);
      if (res.status !== 200 || !socket) cut = true;
      else peak = Math.max(peak, bufferedBytes(socket));
    }
    expect(cut).toBe(true);
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + 64 * 1024);
    // The same browser opens a socket again and joins.
    const back = await reopen(http);
    open.push(back);
    expectOk(await back.send('session:join', { sessionId }));
  }, 120_000);

  it('a WebSocket client that never reads is cut at the buffer cap too (its closing handshake would wait forever)', async () => {
    const http = new HttpAgent(server.url);
    await http.json('GET', '/api/me');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { cookie: http.cookieHeader } });
    const connected = new Promise<void>((resolve) => ws.on('message', (data) => String(data).startsWith('40') && resolve()));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('40');
    await connected;
    const sid = [...server.platform.app.io.of('/').sockets.values()].find((s) => s.handshake.headers.cookie === http.cookieHeader)!;
    // Stop reading: what the server answers fills the kernel's buffers, then the server's.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Each malformed payload is answered with a few hundred bytes naming every field at fault.
    const bad = '["poll:create",{"sessionId":"x","question":1,"options":"y","multiple":"z","themePoll":"w"}]';
    let peak = 0;
    let sent = 0;
    while (sent < 40_000 && sid.connected) {
      for (let i = 0; i < 1000; i += 1) ws.send(`42${(sent += 1)}${bad}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      peak = Math.max(peak, bufferedBytes(sid));
    }
    expect(sid.connected).toBe(false);
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + 64 * 1024);
    ws.terminate();
  }, 120_000);
});
