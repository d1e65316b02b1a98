import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import { authRoutes } from './auth/auth.routes.ts';
import { createStaffService } from './auth/staff.service.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { buildOpenApi } from './http/openapi.ts';
import { jsonBody, largeJsonBody, staffBeforeBody } from './http/json-body.ts';
import { errorHandler, identify, notFound, sameOriginWrites } from './http/middleware.ts';
import { ANSWER_PATH, ANSWER_PERMISSION, followupRoutes } from './followups/followups.routes.ts';
import { createFollowupsService } from './followups/followups.service.ts';
import { createFollowupSettings } from './followups/settings.service.ts';
import { commitmentRoutes } from './followups/commitments.routes.ts';
import { createCommitmentsService } from './followups/commitments.service.ts';
import { scoreboardRoutes } from './followups/scoreboard.routes.ts';
import { createScoreboardService } from './followups/scoreboard.service.ts';
import { securityHeaders } from './http/security.ts';
import { clientRoutes } from './http/static.ts';
import { createActorLimiter } from './limits/actor-limiter.ts';
import type { Clock } from './limits/rate-limiter.ts';
import { createLiveKitGateway } from './media/livekit.ts';
import { createMediaEvents } from './media/media.events.ts';
import { mediaHandlers } from './media/media.handlers.ts';
import { mediaRoutes, webhookRoutes } from './media/media.routes.ts';
import { createMediaService } from './media/media.service.ts';
import { recordingUrlResolver } from './media/recording-url.ts';
import { createEmailChannel } from './notify/email.ts';
import { createNotifier, type Notifier } from './notify/notifier.ts';
import { createSmsChannel } from './notify/sms.ts';
import { createZnsChannel } from './notify/zns.ts';
import { notifyRoutes } from './notify/notify.routes.ts';
import { createNotifyService } from './notify/notify.service.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { createPrivacyService } from './privacy/privacy.service.ts';
import { programmeRoutes } from './programme/programme.routes.ts';
import { createProgrammeService } from './programme/programme.service.ts';
import { createScheduler, type Scheduler } from './programme/scheduler.ts';
import { pollHandlers } from './polls/polls.handlers.ts';
import { createPollsService } from './polls/polls.service.ts';
import { questionHandlers } from './questions/questions.handlers.ts';
import { questionRoutes } from './questions/questions.routes.ts';
import { createQuestionsService } from './questions/questions.service.ts';
import { createDispatcher, type AppServer } from './realtime/commands.ts';
import { createInFlight } from './realtime/in-flight.ts';
import { loginRoom, roomOf } from './realtime/rooms.ts';
import { acceptConnections, createSocketServer, publisher } from './realtime/socket-server.ts';
import { createVoteTally } from './realtime/vote-tally.ts';
import { sessionHandlers } from './sessions/sessions.handlers.ts';
import { findSession } from './sessions/sessions.repository.ts';
import { sessionRoutes } from './sessions/sessions.routes.ts';
import { resultsRoutes } from './results/results.routes.ts';
import { createResultsService } from './results/results.service.ts';
import { dialogueRequestRoutes } from './dialogue-requests/dialogue-requests.routes.ts';
import { createDialogueRequestsService } from './dialogue-requests/dialogue-requests.service.ts';
import { createSessionsService } from './sessions/sessions.service.ts';
import { searchRoutes } from './search/search.routes.ts';
import { createSearchService } from './search/search.service.ts';
import { createArchiveService } from './transcripts/archive.service.ts';
import { transcriptHandlers } from './transcripts/transcripts.handlers.ts';
import { IMPORT_BODY, IMPORT_PATH, transcriptRoutes } from './transcripts/transcripts.routes.ts';
import { createTranscriptsService } from './transcripts/transcripts.service.ts';
import { voteHandlers } from './votes/votes.handlers.ts';
import { createVoteWriterThread } from './votes/vote-writer-thread.ts';
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
  /** The Express application, for tests that list its routes. */
  web: Express;
  io: AppServer;
  /** Moves sessions on time; `start()` is the caller's choice, so tests can drive it with `tick()`. */
  scheduler: Scheduler;
  /** Delivers the notification outbox; `start()` is the caller's choice, like the scheduler's. */
  notifier: Notifier;
  /**
   * Refuses new commands, waits for those under way to be acked, sends the pending vote tallies and closes every
   * socket; the database stays open for the caller to close.
   */
  close(): Promise<void>;
}

function addressPort(server: HttpServer): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : undefined;
}

/** Builds the whole platform from its dependencies without listening; `server/index.ts` picks them and listens. */
export function createApp(deps: AppDeps): App {
  const { config, db, logger, clock, secret, adapter } = deps;

  const staff = createStaffService({ db, clock });
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
  const voteWriter = createVoteWriterThread({ path: db.path, maxVotesPerJob: config.writeBatchMax, writeTurns: db.writeTurns });
  const votes = createVotesService({
    db,
    writer: voteWriter,
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
  const livekit = config.livekit ? createLiveKitGateway({ config: config.livekit }) : null;
  const media = createMediaService({ db, clock, livekit, logger });
  const mediaEvents = config.livekit && livekit ? createMediaEvents({ db, clock, livekit, logger, publish, roomRetryDelaysMs: config.livekit.roomRetryDelaysMs }) : null;
  const sessions = createSessionsService({ db, clock, onStateChanged: mediaEvents?.onStateChanged });
  const tally = createVoteTally({
    intervalMs: TALLY_INTERVAL_MS,
    mode: config.fanout,
    tally: votes.tally,
    publish,
    onError: (error) => logger.error({ err: error }, 'vote tally failed'),
  });
  const privacy = createPrivacyService({ db, clock, logger, retentionMonths: config.residentIdRetentionMonths });
  const notifier = createNotifier({
    db,
    clock,
    logger,
    channels: [
      config.notify.email && createEmailChannel(config.notify.email),
      config.notify.zns && createZnsChannel(config.notify.zns, { db, clock }),
      config.notify.sms && createSmsChannel(config.notify.sms),
    ].filter((channel) => !!channel),
    publicUrl: () => config.publicUrl ?? `http://localhost:${addressPort(httpServer) ?? config.port}`,
    maxAttempts: config.notify.maxAttempts,
    retryBaseMs: config.notify.retryBaseMs,
    perContactPerDay: config.notify.perContactPerDay,
    leaseMs: config.notify.leaseMs,
    contactGraceMs: config.notify.contactGraceDays * 86_400_000,
  });
  const scheduler = createScheduler({
    db,
    clock,
    sessions,
    publish,
    logger,
    housekeeping: async () => {
      await privacy.detachExpired();
      await notifier.housekeeping();
    },
  });
  const polls = createPollsService({ db, clock });
  const pollTally = createVoteTally({
    intervalMs: TALLY_INTERVAL_MS,
    tally: polls.tally,
    publish,
    onError: (error) => logger.error({ err: error }, 'poll tally failed'),
  });
  const transcripts = createTranscriptsService({ db, clock });
  const inFlight = createInFlight();
  const dispatch = createDispatcher({
    inFlight,
    handlers: {
      ...sessionHandlers({ sessions, questions }),
      ...mediaHandlers({ media }),
      ...questionHandlers({ questions }),
      ...voteHandlers({ votes, tally }),
      ...transcriptHandlers({ transcripts }),
      ...pollHandlers({ polls, sessions, tally: pollTally }),
    },
    publish,
    logger,
  });
  acceptConnections({ io, dispatch });

  web.disable('x-powered-by');
  web.set('trust proxy', config.trustProxy);
  web.use(
    securityHeaders({
      mediaOrigins: config.livekit ? [new URL(config.livekit.clientUrl).origin, new URL(config.livekit.apiUrl).origin] : [],
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
  web.use(webhookRoutes({ events: mediaEvents }));
  // Who is asking is known before any body is read: a large body is read only for staff who may send it.
  web.use('/api', sameOriginWrites({ allowedOrigins: config.allowedOrigins, trustProxy: config.trustProxy }), identify({ secret, staff }));
  web.post(IMPORT_PATH, ...largeJsonBody(IMPORT_BODY));
  web.post(ANSWER_PATH, staffBeforeBody(ANSWER_PERMISSION));
  web.use('/api', jsonBody('16kb'));
  web.use(
    authRoutes({
      staff,
      secret,
      endLogin: (tokenHash) => io.in(loginRoom(tokenHash)).disconnectSockets(true),
    }),
  );
  web.use(sessionRoutes({ sessions, publish }));
  web.use(programmeRoutes({ db, clock, programme: createProgrammeService({ db, clock }), sessions }));
  web.use(questionRoutes({ questions, sessions, publish }));
  web.use(transcriptRoutes({ transcripts, archive: createArchiveService({ db, recordingUrl: recordingUrlResolver(db, config.recordingsDir) }) }));
  web.use(searchRoutes({ search: createSearchService({ db }) }));
  web.use(
    followupRoutes({
      followups: createFollowupsService({ db, clock, attachmentsDir: config.attachmentsDir, publish }),
      settings: createFollowupSettings({ db, clock }),
    }),
  );
  web.use(commitmentRoutes({ commitments: createCommitmentsService({ db, clock }), polls }));
  web.use(scoreboardRoutes({ scoreboard: createScoreboardService({ db, clock }), clock }));
  web.use(resultsRoutes({ results: createResultsService({ db, clock }) }));
  web.use(dialogueRequestRoutes({ requests: createDialogueRequestsService({ db, clock }) }));
  web.use('/recordings', express.static(config.recordingsDir, { index: false }), notFound());
  web.use(notifyRoutes({ notify: createNotifyService({ db, clock, wake: notifier.wake }) }));
  web.use(mediaRoutes({ media, publish }));
  web.use(
    privacyRoutes({
      privacy,
      secret,
      publish,
      tally,
      pollTally,
      forgetResident: (residentId) => io.in(roomOf({ kind: 'resident', residentId })).disconnectSockets(true),
    }),
  );
  web.use('/api', notFound());
  web.use(clientRoutes({ clientDist: config.clientDist, findSession: async (id) => {
    // A draft's page must not announce its theme to link previews before its notice is out.
    const session = await findSession(db, id);
    return session?.noticeAt ? session : undefined;
  } }));
  web.use(errorHandler(logger));

  return {
    httpServer,
    web,
    io,
    scheduler,
    notifier,
    async close() {
      await scheduler.stop();
      await notifier.stop();
      await inFlight.drain(5000);
      await voteWriter.close();
      await tally.stop();
      await pollTally.stop();
      await mediaEvents?.drain();
      await new Promise<void>((resolve) => {
        // Idle keep-alive connections close at once; one still busy after five seconds is cut, so a shutdown
        // always ends.
        const cut = setTimeout(() => httpServer.closeAllConnections(), 5000);
        io.close(() => {
          clearTimeout(cut);
          resolve();
        });
      });
    },
  };
}
