import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import type { z } from 'zod';
import { AppError, type Ack } from '../../shared/errors.ts';
import { COMMAND_NAMES, COMMAND_SCHEMAS, type CommandName, type CommandResults } from '../../shared/events.ts';
import type { Actor } from '../auth/actor.ts';
import { describeZodError, toErrorBody } from '../core/errors.ts';
import type { CommandLimiter } from '../limits/command-limiter.ts';
import type { InFlight } from './in-flight.ts';
import type { LoginGuard } from './login-guard.ts';
import type { SendBufferGuard } from './send-buffer.ts';
import type { AppSocket } from './socket-types.ts';
import type { Notice } from '../core/notices.ts';

export interface CommandContext {
  actor: Actor;
  socket: AppSocket;
}

export type CommandHandler<N extends CommandName> = (
  ctx: CommandContext,
  input: z.output<(typeof COMMAND_SCHEMAS)[N]>,
) => Promise<{ result: CommandResults[N]; notices?: Notice[] }>;

export type CommandHandlers = { [N in CommandName]: CommandHandler<N> };

const KNOWN = new Set<string>(COMMAND_NAMES);

/** Questions and votes are counted under the names their services' own limits use, whichever limit refused. */
const REFUSED_AS: Partial<Record<CommandName, string>> = { 'question:ask': 'questions', 'vote:set': 'votes' };

/**
 * Builds the one dispatcher every socket shares: validate with the shared schema, call, ack, then broadcast. A
 * payload that fails validation never reaches a handler, and no error escapes the socket as anything but an error
 * ack. Sockets hold a single listener that calls it, which keeps ten thousand viewers' memory small.
 */
export function createDispatcher(options: {
  handlers: CommandHandlers;
  publish: (notices: Notice[]) => void;
  inFlight: InFlight;
  logins: Pick<LoginGuard, 'confirm' | 'end'>;
  limiter: CommandLimiter;
  sendBuffer: Pick<SendBufferGuard, 'enforce'>;
  logger: Logger;
  /** The figures commands report (`ops/metrics.ts` registers them). */
  metrics: { commands: Counter<'command' | 'outcome'>; ackSeconds: Histogram<'command'>; rateLimited: Counter<'what'> };
}) {
  const { handlers, publish, inFlight, logins, limiter, sendBuffer, logger, metrics } = options;

  return async function dispatch(socket: AppSocket, event: string, args: unknown[]): Promise<void> {
    // Every packet, valid or not, is answered: a client that sends without reading grows its buffer until cut.
    if (!sendBuffer.enforce(socket)) return;
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    if (!KNOWN.has(event)) {
      (ack as (response: Ack<unknown>) => void)({ ok: false, error: new AppError('bad_request', `unknown event ${String(event).slice(0, 64)}`).toBody() });
      return;
    }
    const name = event as CommandName;
    const received = performance.now();
    // Every answer passes here, so each command is counted once with its outcome and its time to ack.
    const reply = (response: Ack<unknown>) => {
      (ack as (response: Ack<unknown>) => void)(response);
      metrics.commands.inc({ command: name, outcome: response.ok ? 'ok' : response.error.code });
      metrics.ackSeconds.observe({ command: name }, (performance.now() - received) / 1000);
    };
    if (args.length !== 2) {
      reply({ ok: false, error: { code: 'bad_request', message: `${name} takes one payload object and an ack` } });
      return;
    }
    const parsed = COMMAND_SCHEMAS[name].safeParse(args[0]);
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'bad_request', message: describeZodError(parsed.error) } });
      return;
    }
    // Counted after validation, so a burst of malformed payloads does not use up a page's allowance.
    const wait = limiter.take(name, socket.id, socket.data.actor.residentId);
    if (wait !== null) {
      metrics.rateLimited.inc({ what: REFUSED_AS[name] ?? name });
      reply({ ok: false, error: new AppError('rate_limited', `too many ${name}; try again in ${wait} s`, { retryAfter: wait }).toBody() });
      return;
    }
    if (inFlight.draining) {
      reply({ ok: false, error: { code: 'unavailable', message: 'the server is restarting; retry in a moment' } });
      return;
    }
    inFlight.begin();
    try {
      if (!(await logins.confirm(socket))) {
        reply({ ok: false, error: { code: 'unauthenticated', message: 'your staff sign-in has ended; sign in again' } });
        logins.end(socket);
        return;
      }
      const handler = handlers[name] as CommandHandler<CommandName>;
      const { result, notices } = await handler({ actor: socket.data.actor, socket }, parsed.data as never);
      reply({ ok: true, data: result });
      if (notices?.length) publish(notices);
    } catch (error) {
      reply({ ok: false, error: toErrorBody(error, logger, { event: name, socket: socket.id }) });
    } finally {
      inFlight.end();
    }
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;
