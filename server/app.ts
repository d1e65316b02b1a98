import { createServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import { authRoutes } from './auth/auth.routes.ts';
import { createStaffService } from './auth/staff.service.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { buildOpenApi } from './http/openapi.ts';
import { errorHandler, identify, notFound, sameOriginWrites } from './http/middleware.ts';
import { clientRoutes } from './http/static.ts';
import { createActorLimiter } from './limits/actor-limiter.ts';
import { createRateLimiter, type Clock } from './limits/rate-limiter.ts';
import { programmeRoutes } from './programme/programme.routes.ts';
import { createProgrammeService } from './programme/programme.service.ts';
import { createScheduler, type Scheduler } from './programme/scheduler.ts';
import { questionHandlers } from './questions/questions.handlers.ts';
import { questionRoutes } from './questions/questions.routes.ts';
import { createQuestionsService } from './questions/questions.service.ts';
import type { AppServer } from './realtime/commands.ts';
import { createInFlight } from './realtime/in-flight.ts';
import { loginRoom } from './realtime/rooms.ts';
import { acceptConnections, createSocketServer, publisher } from './realtime/socket-server.ts';
import { createVoteTally } from './realtime/vote-tally.ts';
import { sessionHandlers } from './sessions/sessions.handlers.ts';
import { sessionRoutes } from './sessions/sessions.routes.ts';
import { createSessionsService } from './sessions/sessions.service.ts';
import { voteHandlers } from './votes/votes.handlers.ts';
import { createVotesService } from './votes/votes.service.ts';

export const APP_VERSION = '0.1.0';
export const TALLY_INTERVAL_MS = 250;

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  /** The cookie-signing secret, already resolved from the config or the database. */
  secret: string;
  /** A Socket.IO adapter shared with other processes (Redis); the in-memory one when absent. */
  adapter?: ServerOptions['adapter'];
}

export interface App {
  httpServer: HttpServer;
  io: AppServer;
  /** Moves sessions on time; `start()` is the caller's choice, so tests can drive it with `tick()`. */
  scheduler: Scheduler;
  /**
   * Refuses new commands, waits for those under way to be acked, sends the pending vote tallies and closes every
   * socket; the database stays open for the caller to close.
   */
  close(): Promise<void>;
}

/** Builds the whole platform from its dependencies without listening; `server/index.ts` picks them and listens. */
export function createApp(deps: AppDeps): App {
  const { config, db, logger, clock, secret, adapter } = deps;

  const staff = createStaffService({ db, clock, loginLimiter: createRateLimiter({ limit: 10, windowMs: 15 * 60_000, clock }) });
  const sessions = createSessionsService({ db, clock });
  const questions = createQuestionsService({
    db,
    clock,
    askLimit: createActorLimiter({
      what: 'questions',
      perResident: config.limits.questionsPerMinute,
      perIp: config.limits.questionsPerMinutePerIp,
      windowMs: 60_000,
      clock,
    }),
  });
  const votes = createVotesService({
    db,
    voteLimit: createActorLimiter({
      what: 'votes',
      perResident: config.limits.votesPerMinute,
      perIp: config.limits.votesPerMinutePerIp,
      windowMs: 60_000,
      clock,
    }),
  });

  const web = express();
  const httpServer = createServer(web);
  const io = createSocketServer({
    httpServer,
    secret,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    adapter,
    resolveStaff: staff.resolve,
    logger,
  });
  const publish = publisher(io);
  const tally = createVoteTally({
    intervalMs: TALLY_INTERVAL_MS,
    mode: config.fanout,
    tally: votes.tally,
    publish,
    onError: (error) => logger.error({ err: error }, 'vote tally failed'),
  });
  const scheduler = createScheduler({ db, clock, sessions, publish, logger });
  const inFlight = createInFlight();
  acceptConnections({
    io,
    inFlight,
    handlers: {
      ...sessionHandlers({ sessions, questions }),
      ...questionHandlers({ questions }),
      ...voteHandlers({ votes, tally }),
    },
    publish,
    logger,
  });

  web.disable('x-powered-by');
  web.set('trust proxy', config.trustProxy);
  web.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          mediaSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  web.get('/healthz', async (_req, res) => {
    const ok = await db.get('SELECT 1 AS one').then(
      () => true,
      () => false,
    );
    res.status(ok ? 200 : 503).json({ ok, database: ok ? 'ok' : 'unavailable' });
  });
  const openapi = buildOpenApi(APP_VERSION);
  web.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  web.use('/api', express.json({ limit: '16kb' }), sameOriginWrites(config.allowedOrigins), identify({ secret, staff }));
  web.use(
    authRoutes({
      staff,
      secret,
      endLogin: (tokenHash) => io.in(loginRoom(tokenHash)).disconnectSockets(true),
    }),
  );
  web.use(sessionRoutes({ sessions, publish }));
  web.use(programmeRoutes({ db, clock, programme: createProgrammeService({ db, clock }), sessions }));
  web.use(questionRoutes({ questions }));
  web.use('/api', notFound());
  web.use(clientRoutes(config.clientDist));
  web.use(errorHandler(logger));

  return {
    httpServer,
    io,
    scheduler,
    async close() {
      await scheduler.stop();
      await inFlight.drain(5000);
      await tally.stop();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
