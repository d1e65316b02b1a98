/**
 * A resident's connection that speaks Socket.IO's wire protocol (Engine.IO 4 over a websocket, Socket.IO 5) itself:
 * the resident cookie, the namespace connect, pongs to the server's pings, acked events out and frames in. A
 * resident's phone encodes and decodes its own messages; here thousands of residents share the two cores of the
 * server under test, and socket.io-client doing it took about two thirds of a core from the server at 10,000
 * viewers. Frames arrive raw, so a viewer can read a tally's version without decoding the whole message.
 */
import { connect as connectTcp, type NetConnectOpts, type Socket as TcpSocket } from 'node:net';
import WebSocket from 'ws';

export interface WireClient {
  readonly open: boolean;
  /** Sends an event; `onAck` gets its ack's first argument, decoded. */
  emit<T>(event: string, payload: unknown, onAck: (value: T) => void): void;
  /** Sends an event and resolves with its ack's first argument; rejects when none comes within `timeoutMs`. */
  emitWithAck<T>(event: string, payload: unknown, timeoutMs: number): Promise<T>;
  /** Stops reading from the network, as a phone in a dead spot does, until `resume()`. */
  pause(): void;
  resume(): void;
  close(): void;
}

export interface WireClientOptions {
  url: string;
  cookie: string;
  timeoutMs: number;
  localAddress?: string;
  /** Every Socket.IO message frame from the server other than an ack, with its size on the wire. */
  onFrame?(frame: Buffer, wireBytes: number): void;
  /** The connection closed without `close()`. */
  onDrop?(): void;
}

const PING = 0x32; // '2'
const MESSAGE = 0x34; // '4'
const ACK = 0x33; // '3', the Socket.IO packet type after MESSAGE

function wsFrameHeader(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

/** Reads the decimal number at `at` in the frame; returns it and where it ends. */
export function readNumber(frame: Buffer, at: number): [number, number] {
  let value = 0;
  for (let c = frame[at]!; c >= 48 && c <= 57; c = frame[++at]!) value = value * 10 + (c - 48);
  return [value, at];
}

export function connectWireClient(options: WireClientOptions): Promise<WireClient> {
  const base = new URL(options.url);
  let tcp: TcpSocket | null = null;
  const socket = new WebSocket(`ws://${base.host}/socket.io/?EIO=4&transport=websocket`, {
    headers: { cookie: options.cookie },
    perMessageDeflate: false,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    createConnection: (connectOptions: unknown) => (tcp = connectTcp(connectOptions as NetConnectOpts)),
  });
  const acks = new Map<number, (value: unknown) => void>();
  let nextAck = 0;
  let stage: 'engine' | 'namespace' | 'connected' = 'engine';
  let closing = false;

  const client: WireClient = {
    get open() {
      return socket.readyState === WebSocket.OPEN;
    },
    emit<T>(event: string, payload: unknown, onAck: (value: T) => void): void {
      const id = nextAck++;
      acks.set(id, onAck as (value: unknown) => void);
      socket.send(`42${id}${JSON.stringify([event, payload])}`);
    },
    emitWithAck<T>(event: string, payload: unknown, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${event} had no answer within ${timeoutMs} ms`)), timeoutMs);
        client.emit<T>(event, payload, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
    pause() {
      tcp?.pause();
    },
    resume() {
      tcp?.resume();
    },
    close() {
      closing = true;
      socket.close();
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no ${stage} answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      closing = true;
      socket.terminate();
      reject(error);
    }
    socket.on('error', (error) => {
      if (stage !== 'connected') fail(error);
    });
    socket.on('close', () => {
      if (stage !== 'connected') fail(new Error(`closed during the ${stage} step`));
      else if (!closing) options.onDrop?.();
    });
    socket.on('message', (data: Buffer) => {
      if (data[0] === PING) {
        socket.send('3');
        return;
      }
      if (stage === 'connected') {
        if (data[0] !== MESSAGE) return;
        if (data[1] === ACK) {
          const [id, end] = readNumber(data, 2);
          const resolveAck = acks.get(id);
          acks.delete(id);
          resolveAck?.((JSON.parse(data.subarray(end).toString('utf8')) as unknown[])[0]);
          return;
        }
        options.onFrame?.(data, data.length + wsFrameHeader(data.length));
        return;
      }
      const text = data.toString('utf8');
      if (stage === 'engine' && text.startsWith('0')) {
        stage = 'namespace';
        socket.send('40');
      } else if (stage === 'namespace' && text.startsWith('40')) {
        stage = 'connected';
        clearTimeout(timer);
        resolve(client);
      } else if (stage === 'namespace' && text.startsWith('44')) {
        fail(new Error(`the server refused the connection: ${text.slice(2)}`));
      }
    });
  });
}
