import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Session } from '../shared/schemas/session.ts';
import { staffRoutes } from './staff/staff.routes.ts';
import { createStaffService } from './staff/staff.service.ts';
import type { Config } from './config.ts';
import type { Database, Tx } from './core/db/database.ts';
import type { Notice } from './core/notices.ts';
import { lowOnSpace } from './core/db/storage.ts';
import { buildOpenApi } from './http/openapi.ts';
import { jsonBody, largeJsonBody, staffBeforeBody } from './http/json-body.ts';
import { errorHandler, identify, notFound, residentCookieOnPages, sameOriginWrites } from './http/middleware.ts';
import { createAllowancesService } from './followups/allowances.service.ts';
import { ANSWER_PERMISSION, followupRoutes } from './followups/followups.routes.ts';
import { createFollowupsService } from './followups/followups.service.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { createCalendarService } from './calendar/calendar.service.ts';
import { departmentRoutes } from './departments/departments.routes.ts';
import { createDepartmentsService } from './departments/departments.service.ts';
import { commitmentRoutes } from './commitments/commitments.routes.ts';
import { createCommitmentsService } from './commitments/commitments.service.ts';
import { scoreboardRoutes } from './scoreboard/scoreboard.routes.ts';
import { createScoreboardService } from './scoreboard/scoreboard.service.ts';
import { securityHeaders } from './http/security.ts';
import { clientRoutes } from './http/static.ts';
import { createActorLimiter } from './limits/actor-limiter.ts';
import { createCommandLimiter } from './limits/command-limiter.ts';
import type { Clock } from './core/clock.ts';
import type { LiveKitGateway } from './media/livekit.ts';
import { createBackupScheduler, readBackupStatus, type BackupScheduler } from './ops/backups.ts';
import { healthRoutes, type Check } from './ops/health.ts';
import { metricsRoute, type Metrics } from './ops/metrics.ts';
import { opsRoutes } from './ops/ops.routes.ts';
import { lastBackupRun, probeReads, touchHealthProbe } from './ops/ops.repository.ts';
import { warnOnUntrustedProxy } from './ops/startup-report.ts';
import { createRoomLifecycle } from './media/room-lifecycle.ts';
import { mediaHandlers } from './media/media.handlers.ts';
import { mediaRoutes, webhookRoutes } from './media/media.routes.ts';
import { createMediaService } from './media/media.service.ts';
import { recordingUrlResolver } from './media/recording-url.ts';
import { createEmailChannel } from './notify/email.ts';
import { createNotifier, type Notifier } from './notify/notifier.ts';
import { createSmsChannel } from './notify/sms.ts';
import { createZnsChannel } from './notify/zns.ts';
import { notifyRoutes, notifyStopRoutes } from './notify/notify.routes.ts';
import { reminderRoutes } from './notify/reminders.routes.ts';
import { createRemindersService } from './notify/reminders.service.ts';
import { createNotifyService } from './notify/notify.service.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { createPrivacyService } from './privacy/privacy.service.ts';
import { programmeRoutes } from './programme/programme.routes.ts';
import { createProgrammeService } from './programme/programme.service.ts';
import { createScheduler, type Scheduler } from './programme/scheduler.ts';
import { pollHandlers } from './polls/polls.handlers.ts';
import { pollRoutes } from './polls/polls.routes.ts';
import { closeSessionPolls, createPollsService } from './polls/polls.service.ts';
import { questionHandlers } from './questions/questions.handlers.ts';
import { questionRoutes } from './questions/questions.routes.ts';
import { createQuestionsService } from './questions/questions.service.ts';
import type { AppServer } from './realtime/socket-types.ts';
import { createDispatcher } from './realtime/commands.ts';
import { createInFlight } from './realtime/in-flight.ts';
import { loginRoom, roomOf } from './realtime/rooms.ts';
import { createFanout } from './realtime/fanout.ts';
import { acceptConnections, createSocketServer } from './realtime/socket-server.ts';
import { createLoginGuard } from './realtime/login-guard.ts';
import { MAX_BUFFERED_BYTES, createSendBufferGuard } from './realtime/send-buffer.ts';
import { createTallyCoalescer } from './realtime/tally-coalescer.ts';
import { sessionHandlers } from './sessions/sessions.handlers.ts';
import { countLiveSessions, findSession } from './sessions/sessions.repository.ts';
import { isAnnounced, resultsDueAt } from '../shared/rules/notice.ts';
import { FOLLOWUPS } from '../shared/routes/followups.ts';
import { OPS } from '../shared/routes/ops.ts';
import { TRANSCRIPTS } from '../shared/routes/transcripts.ts';
import { sessionRoutes } from './sessions/sessions.routes.ts';
import { openResults } from './results/results.repository.ts';
import { resultsRoutes } from './results/results.routes.ts';
import { createResultsService } from './results/results.service.ts';
import { dialogueRequestRoutes } from './dialogue-requests/dialogue-requests.routes.ts';
import { createDialogueRequestsService } from './dialogue-requests/dialogue-requests.service.ts';
import { createSessionsService } from './sessions/sessions.service.ts';
import { searchRoutes } from './search/search.routes.ts';
import { createSearchService } from './search/search.service.ts';
import { createArchiveService } from './transcripts/archive.service.ts';
import { transcriptHandlers } from './transcripts/transcripts.handlers.ts';
import { IMPORT_BODY, transcriptRoutes } from './transcripts/transcripts.routes.ts';
import { createTranscriptsService } from './transcripts/transcripts.service.ts';
import { voteHandlers } from './votes/votes.handlers.ts';
import { createVoteWriterThread } from './votes/vote-writer-thread.ts';
import { createVotesService } from './votes/votes.service.ts';

export const APP_VERSION = '0.1.0';
export const TALLY_INTERVAL_MS = 250;
/** How soon a socket loses the staff feed when its sign-in ends elsewhere (another process, or expiry). */
export const LOGIN_SWEEP_MS = 2000;
/** How often sockets that send nothing are checked for broadcasts piling up unread. */
const SEND_BUFFER_SWEEP_MS = 5000;

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  /** The cookie-signing secret, already resolved from the config or the database. */
  secret: string;
  /** A Socket.IO adapter shared with other processes (cluster or Redis); the in-memory one when absent. */
  adapter?: ServerOptions['adapter'];
  /** Answers when the adapter's Redis does, for readiness. */
  redisPing?: Check;
  metrics: Metrics;
  /** The LiveKit API when `config.livekit` is set; null turns live video off. */
  livekit: LiveKitGateway | null;
}

export interface App {
  httpServer: HttpServer;
  /** The Express application, for tests that list its routes. */
  web: Express;
  io: AppServer;
  /** Moves sessions on time; `start()` is the caller's choice, so tests can drive it with `tick()`. */
  scheduler: Scheduler;
  /** Scheduled backups, when configured; `start()` is the caller's choice. */
  backups: BackupScheduler | null;
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

/** Ending a session closes its polls and opens its results report, in the same write as the end. */
async function onSessionEnded(tx: Tx, session: Session, now: Date): Promise<Notice[]> {
  const notices = await closeSessionPolls(tx, session.id);
  // The results report's 10 days run from the real end, so it opens in the same write.
  await openResults(tx, session.id, resultsDueAt(now.toISOString()), now);
  return notices;
}

/** Builds the whole platform from its dependencies without listening; `server/index.ts` picks them and listens. */
export function createApp(deps: AppDeps): App {
  const { config, db, logger, clock, secret, adapter, redisPing, metrics, livekit } = deps;

  const staff = createStaffService({
    db,
    clock,
    onThrottled: () => metrics.rateLimited.inc({ what: 'sign-in' }),
    onLoginsEnded: (tokenHashes) => logins.endLogins(tokenHashes),
  });
  const questions = createQuestionsService({
    db,
    clock,
    askLimit: createActorLimiter({
      what: 'questions',
      perResident: config.limits.questionsPerMinute,
      perIp: config.limits.questionsPerMinutePerIp,
      windowMs: 60_000,
      clock,
      onRefused: () => metrics.rateLimited.inc({ what: 'questions' }),
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
      onRefused: () => metrics.rateLimited.inc({ what: 'votes' }),
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
  // Every notice is published only after the write that produced it has committed; the fan-out slices it.
  const fanout = createFanout({ io, shared: adapter !== undefined });
  const publish: typeof fanout.publish = (notices) => {
    // From the write's commit until the last shard went out.
    const end = metrics.fanoutSeconds.startTimer();
    return fanout.publish(notices).finally(() => end());
  };
  const logins = createLoginGuard({
    io,
    resolveLogin: staff.resolveLogin,
    liveLogins: staff.liveLogins,
    sweepMs: LOGIN_SWEEP_MS,
    logger,
  });
  const media = createMediaService({ db, clock, livekit, logger });
  const roomLifecycle = config.livekit && livekit ? createRoomLifecycle({ db, clock, livekit, logger, publish, roomRetryDelaysMs: config.livekit.roomRetryDelaysMs }) : null;
  const sessions = createSessionsService({ db, clock, onStateChanged: roomLifecycle?.onStateChanged, onEnded: onSessionEnded, onScheduleChanged: () => scheduler.poke() });
  const tally = createTallyCoalescer({
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
  const pollTally = createTallyCoalescer({
    intervalMs: TALLY_INTERVAL_MS,
    tally: polls.tally,
    publish,
    onError: (error) => logger.error({ err: error }, 'poll tally failed'),
  });
  const transcripts = createTranscriptsService({ db, clock });
  const inFlight = createInFlight();
  const sendBuffer = createSendBufferGuard({ io, maxBytes: MAX_BUFFERED_BYTES, sweepMs: SEND_BUFFER_SWEEP_MS });
  const dispatch = createDispatcher({
    inFlight,
    logins,
    limiter: createCommandLimiter({ limits: config.limits, clock }),
    sendBuffer,
    handlers: {
      ...sessionHandlers({ sessions, questions, fanout }),
      ...mediaHandlers({ media }),
      ...questionHandlers({ questions }),
      ...voteHandlers({ votes, tally }),
      ...transcriptHandlers({ transcripts }),
      ...pollHandlers({ polls, sessions, tally: pollTally }),
    },
    publish,
    logger,
    metrics,
  });
  acceptConnections({ io, dispatch, logins });
  const backups = config.backups
    ? createBackupScheduler({ db, schedule: config.backups, clock, logger, onFailure: () => metrics.backupFailures.inc() })
    : null;
  metrics.watch({
    socketsByAudience() {
      const counts = { resident: 0, staff: 0 };
      for (const socket of io.of('/').sockets.values()) counts[socket.data.actor?.staff ? 'staff' : 'resident'] += 1;
      return counts;
    },
    liveSessions: () => countLiveSessions(db),
    writeQueueDepth: () => db.queueDepth,
    lastGoodBackup: async () => {
      const row = await lastBackupRun(db, 'ok');
      return row ? new Date(row.finished_at) : null;
    },
  });

  web.disable('x-powered-by');
  web.set('trust proxy', config.trustProxy);
  if (!config.trustProxy) web.use(warnOnUntrustedProxy(logger));
  web.use(
    securityHeaders({
      mediaOrigins: config.livekit ? [new URL(config.livekit.clientUrl).origin, new URL(config.livekit.apiUrl).origin] : [],
    }),
  );
  web.use(
    healthRoutes({
      databaseReads: () => probeReads(db),
      storageFull: async () => db.storageFull || (await lowOnSpace(db.path)),
      checks: {
        database: () => db.write((tx) => touchHealthProbe(tx, clock())),
        ...(redisPing ? { redis: redisPing } : {}),
        ...(livekit ? { livekit: () => livekit.ping() } : {}),
      },
      logger,
    }),
  );
  web.get(OPS.metrics.path, metricsRoute({ metrics, token: config.metricsToken }));
  const openapi = buildOpenApi(APP_VERSION);
  web.get(OPS.openapi.path, (_req, res) => {
    res.json(openapi);
  });
  web.use(webhookRoutes({ rooms: roomLifecycle }));
  const notify = createNotifyService({ db, clock, wake: notifier.wake });
  web.use(notifyStopRoutes({ notify }));
  // Who is asking is known before any body is read: a large body is read only for staff who may send it.
  web.use('/api', sameOriginWrites({ allowedOrigins: config.allowedOrigins, trustProxy: config.trustProxy }), identify({ secret, staff }));
  web.post(TRANSCRIPTS.import.path, ...largeJsonBody(IMPORT_BODY));
  web.post(FOLLOWUPS.answer.path, staffBeforeBody(ANSWER_PERMISSION));
  web.use('/api', jsonBody('16kb'));
  web.use(staffRoutes({ staff, secret }));
  web.use(sessionRoutes({ sessions, publish }));
  web.use(programmeRoutes({ db, clock, programme: createProgrammeService({ db, clock, onScheduleChanged: () => scheduler.poke() }), sessions }));
  web.use(questionRoutes({ questions, publish }));
  const recordingUrl = recordingUrlResolver(db, config.recordingsDir);
  const commitments = createCommitmentsService({ db, clock });
  web.use(transcriptRoutes({ transcripts, archive: createArchiveService({ db, recordingUrl, commitments: commitments.list }) }));
  web.use(searchRoutes({ search: createSearchService({ db, recordingUrl }) }));
  web.use(
    followupRoutes({
      followups: createFollowupsService({ db, clock, attachmentsDir: config.attachmentsDir, publish }),
      allowances: createAllowancesService({ db, clock }),
      publish,
      residentLimit: createActorLimiter({ what: 'updates to your questions', perResident: 30, perIp: 3000, windowMs: 60_000, clock }),
    }),
  );
  web.use(departmentRoutes({ departments: createDepartmentsService({ db }) }));
  web.use(calendarRoutes({ calendar: createCalendarService({ db, clock }) }));
  web.use(commitmentRoutes({ commitments }));
  web.use(pollRoutes({ polls }));
  web.use(scoreboardRoutes({ scoreboard: createScoreboardService({ db, clock }), clock }));
  web.use(resultsRoutes({ results: createResultsService({ db, clock }) }));
  web.use(dialogueRequestRoutes({ requests: createDialogueRequestsService({ db, clock }) }));
  web.use('/recordings', express.static(config.recordingsDir, { index: false }), notFound());
  web.use(
    notifyRoutes({
      notify,
      byCodeLimit: createActorLimiter({ what: 'contacts left by tracking code', perResident: 10, perIp: 100, windowMs: 3_600_000, clock }),
    }),
  );
  web.use(
    reminderRoutes({
      reminders: createRemindersService({ db, clock, wake: notifier.wake }),
      limit: createActorLimiter({ what: 'reminder requests', perResident: 10, perIp: 100, windowMs: 3_600_000, clock }),
    }),
  );
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
  web.use(opsRoutes({ backupStatus: () => readBackupStatus(db, config.backups, clock()) }));
  web.use('/api', notFound());
  web.use(clientRoutes({ clientDist: config.clientDist, onPage: residentCookieOnPages(secret), findSession: async (id) => {
    // A draft's page must not announce its theme to link previews before its notice is out.
    const session = await findSession(db, id);
    return session && isAnnounced(session) ? session : undefined;
  } }));
  web.use(errorHandler(logger));

  return {
    httpServer,
    web,
    io,
    scheduler,
    backups,
    notifier,
    async close() {
      await scheduler.stop();
      await notifier.stop();
      await backups?.stop();
      logins.stop();
      sendBuffer.stop();
      await inFlight.drain(5000);
      await voteWriter.close();
      await tally.stop();
      await pollTally.stop();
      await fanout.idle();
      await roomLifecycle?.drain();
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
