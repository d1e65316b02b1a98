/**
 * How the load becomes residents: a resident cookie from GET /api/me (as the page load would give it). The
 * benchmark's setup (staff and askers) then connects with socket.io-client, as in test/support/clients.ts; the
 * viewers and voters speak the wire protocol themselves (wire-client.ts).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Resident {
  cookie: string;
  /** The id the server stores in `votes.resident_id`: the cookie's value without its signature. */
  residentId: string;
}

export async function residentCookie(baseUrl: string, extra = ''): Promise<Resident> {
  const response = await fetch(`${baseUrl}/api/me`, extra ? { headers: { cookie: extra } } : undefined);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET /api/me answered ${response.status}`);
  const line = response.headers.getSetCookie().find((l) => l.startsWith('td_rid='));
  if (!line) throw new Error('GET /api/me set no resident cookie');
  const pair = line.split(';')[0]!;
  const value = decodeURIComponent(pair.slice('td_rid='.length));
  const dot = value.lastIndexOf('.');
  return { cookie: pair, residentId: dot > 0 ? value.slice(0, dot) : value };
}

export function connectSocket(baseUrl: string, cookie: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    // One connection per resident, never multiplexed, and never silently reconnected: a dropped viewer must
    // show up as a dropped viewer in the figures.
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Runs `task` for 0…count−1, `width` at a time, so a ramp of thousands of connections stays gentle. */
export async function inBatches<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, (_, k) => task(start + k));
    results.push(...(await Promise.allSettled(batch)));
  }
  return results;
}

export function firstErrors(results: PromiseSettledResult<unknown>[], max = 3): string[] {
  const messages = new Set<string>();
  for (const r of results) {
    if (r.status === 'rejected') messages.add(r.reason instanceof Error ? r.reason.message : String(r.reason));
    if (messages.size >= max) break;
  }
  return [...messages];
}
