import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type ServerOptions } from 'socket.io';
import type { StaffUser } from '../../shared/schemas/staff.ts';
import { readIdentity, staffTokenHash } from '../auth/identity.ts';
import { isAllowedOrigin, ownOrigin } from '../http/origin.ts';
import type { AppServer } from './socket-types.ts';
import type { Dispatch } from './commands.ts';
import { isStaffRoom, loginRoom, roomOf } from './rooms.ts';
import type { LoginGuard } from './login-guard.ts';

export const MAX_MESSAGE_BYTES = 16 * 1024;

export function createSocketServer(options: {
  httpServer: HttpServer;
  secret: string;
  allowedOrigins: readonly string[];
  trustProxy: boolean;
  adapter: ServerOptions['adapter'] | undefined;
  resolveStaff: (token: string) => Promise<StaffUser | null>;
  logger: Logger;
}): AppServer {
  const { httpServer, secret, allowedOrigins, trustProxy, adapter, resolveStaff, logger } = options;
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    ...(adapter ? { adapter } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    // A phone on 4G that drops for a moment gets back its rooms and the broadcasts it missed, in order, without a
    // new snapshot; after longer it re-joins and the numbered feed resynchronises it. The handshake's identity is
    // read again on recovery (the cookies may have changed), and login-guard.ts refuses a state whose sign-in ended.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    transports: ['websocket', 'polling'],
    // WebSocket connections are not subject to CORS: without this any site could open one with our cookies.
    allowRequest(req, callback) {
      const origin = req.headers.origin;
      callback(null, !origin || isAllowedOrigin(origin, ownOrigin(req, trustProxy), allowedOrigins));
    },
  });

  io.use(async (socket, next) => {
    try {
      const identity = await readIdentity(socket.handshake.headers.cookie, secret, resolveStaff);
      if (!identity.residentId) {
        next(new Error('unauthenticated: load a page or GET /api/me first to receive a resident cookie'));
        return;
      }
      const forwarded = socket.handshake.headers['x-forwarded-for'];
      const ip = trustProxy && typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : socket.handshake.address;
      const recoveredLogin = socket.recovered ? socket.data.loginTokenHash : null;
      socket.data.actor = { residentId: identity.residentId, staff: identity.staff, ip };
      socket.data.loginTokenHash = staffTokenHash(identity);
      // A restored state keeps the staff rooms of the sign-in it was saved under; they go unless the cookies
      // still carry that very sign-in.
      if (recoveredLogin && recoveredLogin !== socket.data.loginTokenHash) {
        for (const room of socket.rooms) if (isStaffRoom(room) || room === loginRoom(recoveredLogin)) void socket.leave(room);
      }
      next();
    } catch (error) {
      logger.error({ err: error }, 'socket handshake failed');
      next(new Error('internal'));
    }
  });

  return io;
}

export function acceptConnections(options: { io: AppServer; dispatch: Dispatch; logins: LoginGuard }): void {
  const { io, dispatch, logins } = options;
  io.on('connection', (socket) => {
    void socket.join(roomOf({ kind: 'resident', residentId: socket.data.actor.residentId }));
    if (socket.data.loginTokenHash) void socket.join(loginRoom(socket.data.loginTokenHash));
    logins.track(socket);
    socket.onAny((event: string, ...args: unknown[]) => void dispatch(socket, event, args));
  });
}
