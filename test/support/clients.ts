import { io, type Socket } from 'socket.io-client';
import type WebSocket from 'ws';
import type { Ack } from '../../shared/errors.ts';
import type { ClientToServerEvents, CommandInput, CommandName, CommandResults, ServerToClientEvents } from '../../shared/events.ts';
import type { Me } from '../../shared/schemas/staff.ts';
import { checkAnswer } from './contract.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A browser-like HTTP caller that keeps its cookies, as a resident's or a staff member's browser would. Every JSON
 * answer is checked against the HTTP contract's schema of its route, so each test that calls the API checks them.
 */
export class HttpAgent {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(this.cookies.size ? { cookie: this.cookieHeader } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    await checkAnswer(method, path, response.clone());
    return response;
  }

  /** A multipart/form-data POST, naming its origin as a browser does (the server requires it of uploads). */
  async upload<T>(path: string, form: FormData): Promise<{ status: number; body: T }> {
    const response = await fetch(this.baseUrl + path, { method: 'POST', headers: { cookie: this.cookieHeader, origin: this.baseUrl }, body: form });
    await checkAnswer('POST', path, response.clone());
    return { status: response.status, body: (await response.json()) as T };
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, body);
    return { status: response.status, body: (await response.json()) as T };
  }
}

export interface Participant {
  http: HttpAgent;
  socket: ClientSocket;
  me: Me;
  /** The worker process holding the socket, as its handshake named it (`WORKERS` > 1 only). */
  worker: string | undefined;
  /** Emits a command and resolves with its ack. */
  send<N extends CommandName>(name: N, payload: CommandInput<N>): Promise<Ack<CommandResults[N]>>;
  close(): void;
}

async function connect(http: HttpAgent, me: Me): Promise<Participant> {
  const socket: ClientSocket = io(http.baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie: http.cookieHeader },
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    autoConnect: false,
  });
  socket.connect();
  // The websocket is created by connect(), before any I/O: its handshake's response is still to come.
  let worker: string | undefined;
  (socket.io.engine as unknown as { transport: { ws: WebSocket } }).transport.ws.once('upgrade', (response) => {
    // WORKER_HEADER in server/cluster.ts, as Node lower-cases it.
    worker = response.headers['x-toadam-worker'] as string | undefined;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    http,
    socket,
    me,
    worker,
    send(name, payload) {
      return (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<never>)(name, payload);
    },
    close() {
      socket.disconnect();
    },
  };
}

/** Opens a new socket for a browser that already has its cookies, as a page reload would. */
export async function reopen(http: HttpAgent): Promise<Participant> {
  const { body: me } = await http.json<Me>('GET', '/api/me');
  return connect(http, me);
}

/** A resident: loads /api/me to receive the resident cookie, then opens a socket with it. */
export async function resident(baseUrl: string): Promise<Participant> {
  const http = new HttpAgent(baseUrl);
  const { body: me } = await http.json<Me>('GET', '/api/me');
  return connect(http, me);
}

/** A staff member signed in with username and password. */
export async function staffMember(baseUrl: string, username: string, password: string): Promise<Participant> {
  const http = new HttpAgent(baseUrl);
  await http.json('GET', '/api/me');
  const login = await http.json<Me>('POST', '/api/auth/login', { username, password });
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${JSON.stringify(login.body)}`);
  return connect(http, login.body);
}

/** Resolves with the next broadcast of that event that satisfies the predicate. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

let keyCounter = 0;
export function clientKey(): string {
  keyCounter += 1;
  return `test-${process.pid}-${Date.now()}-${keyCounter}`;
}
