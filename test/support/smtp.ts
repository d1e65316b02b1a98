import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { until } from './factory.ts';

export interface Mailbox {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** The messages sent to one address, oldest first. */
  to(address: string): ParsedMail[];
  /** Waits for the `count`-th message to one address. */
  nth(address: string, count: number): Promise<ParsedMail>;
  /** Answers the next `n` messages with this SMTP reply code instead of taking them. */
  refuseNext(n: number, code: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message it accepts, parsed. */
export async function startMailbox(options: { port?: number; delayMs?: number } = {}): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: refusalCode })));
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          // A slow server keeps deliveries behind commits, so a crash finds news committed and not yet sent. It
          // queues a message just before it says so, as a real one does.
          setTimeout(() => {
            messages.push(mail);
            callback();
          }, options.delayMs ?? 0);
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  const to = (address: string) => messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);
  return {
    to,
    nth: async (address, count) => (await until(async () => to(address), (list) => list.length >= count, `mail #${count} to ${address}`, 20_000))[count - 1]!,
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    messages,
    refuseNext(n, code) {
      refusals = n;
      refusalCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
