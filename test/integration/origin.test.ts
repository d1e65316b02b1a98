import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { HttpAgent } from '../support/clients.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Opens a socket naming `origin` as a browser page would; resolves with whether the server let it connect. */
async function socketAccepted(server: TestServer, origin: string, headers: Record<string, string> = {}): Promise<boolean> {
  const http = new HttpAgent(server.url);
  await http.request('GET', '/api/me');
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: http.cookieHeader, origin, ...headers } });
  try {
    return await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
  } finally {
    socket.disconnect();
  }
}

async function writeStatus(server: TestServer, origin: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await new HttpAgent(server.url).request('POST', '/api/auth/logout', {}, { origin, ...headers });
  return res.status;
}

describe('origin check over plain http', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('refuses a write from https on the same host and port, and accepts one from the server itself', async () => {
    expect(await writeStatus(server, `https://127.0.0.1:${server.port}`)).toBe(403);
    expect(await writeStatus(server, `http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await writeStatus(server, server.url)).toBe(200);
  });

  it('refuses a socket from https on the same host and port, and accepts one from the server itself', async () => {
    expect(await socketAccepted(server, `https://127.0.0.1:${server.port}`)).toBe(false);
    expect(await socketAccepted(server, server.url)).toBe(true);
  });

  it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
    const https = `https://127.0.0.1:${server.port}`;
    expect(await writeStatus(server, https, { 'x-forwarded-proto': 'https' })).toBe(403);
    expect(await socketAccepted(server, https, { 'x-forwarded-proto': 'https' })).toBe(false);
  });
});

describe('origin check behind a trusted proxy that terminates HTTPS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'true', ALLOWED_ORIGINS: 'https://cong.example.vn' } });
  });
  afterAll(async () => server.close());

  it('takes the scheme from X-Forwarded-Proto for writes and sockets', async () => {
    const https = `https://127.0.0.1:${server.port}`;
    const proxied = { 'x-forwarded-proto': 'https' };
    expect(await writeStatus(server, https, proxied)).toBe(200);
    expect(await writeStatus(server, server.url, proxied)).toBe(403);
    expect(await socketAccepted(server, https, proxied)).toBe(true);
    expect(await socketAccepted(server, server.url, proxied)).toBe(false);
  });

  it('accepts a listed origin and nothing that only shares its host', async () => {
    expect(await writeStatus(server, 'https://cong.example.vn')).toBe(200);
    expect(await writeStatus(server, 'http://cong.example.vn')).toBe(403);
    expect(await socketAccepted(server, 'https://cong.example.vn')).toBe(true);
    expect(await socketAccepted(server, 'http://cong.example.vn')).toBe(false);
  });
});
