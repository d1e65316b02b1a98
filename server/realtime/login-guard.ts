import type { Logger } from 'pino';
import type { Session } from 'socket.io-adapter';
import type { StaffUser } from '../../shared/schemas/staff.ts';
import type { AppServer, AppSocket, SocketData } from './socket-types.ts';
import { loginRoom } from './rooms.ts';

/**
 * Ties a socket's staff powers to a live sign-in. The identity is read at the handshake, but a sign-in can end at
 * any time after: logout, deactivation, a password reset (also from `scripts/admin.ts`, in another process) or
 * expiry. So a command from a staff socket re-reads its sign-in first (one primary-key lookup; residents pay
 * nothing), a short sweep ends the sockets whose sign-in went away while they sent nothing, and the state kept for
 * connection-state recovery is not restored once its sign-in has ended: Socket.IO rejoins the saved rooms and
 * replays the missed staff feed before any middleware runs, so refusing it there is the only place that works.
 */
export function createLoginGuard(options: {
  io: AppServer;
  resolveLogin: (tokenHash: string) => Promise<StaffUser | null>;
  liveLogins: (tokenHashes: string[]) => Promise<Set<string>>;
  sweepMs: number;
  logger: Logger;
}) {
  const { io, resolveLogin, liveLogins, sweepMs, logger } = options;
  const staffSockets = new Set<AppSocket>();

  /**
   * A server-side disconnect leaves every room at once and is not kept for recovery; the page connects again
   * (client/src/lib/core/socket.ts) as whoever its cookies now say.
   */
  function end(socket: AppSocket): void {
    staffSockets.delete(socket);
    socket.data.actor = { ...socket.data.actor, staff: null };
    socket.disconnect();
  }

  async function sweep(): Promise<void> {
    const sockets = [...staffSockets];
    if (sockets.length === 0) return;
    const live = await liveLogins([...new Set(sockets.map((socket) => socket.data.loginTokenHash!))]);
    for (const socket of sockets) if (!live.has(socket.data.loginTokenHash!)) end(socket);
  }

  const timer = setInterval(() => {
    sweep().catch((error: unknown) => logger.error({ err: error }, 'checking staff sign-ins failed'));
  }, sweepMs);
  timer.unref();

  const adapter = io.of('/').adapter;
  const restoreSession = adapter.restoreSession.bind(adapter);
  // The adapter's typing says a session always comes back; the adapters answer null when there is none.
  adapter.restoreSession = async (pid, offset) => {
    const session = (await restoreSession(pid, offset)) as Session | null;
    const tokenHash = (session?.data as SocketData | undefined)?.loginTokenHash;
    if (!session || !tokenHash) return session as Session;
    return ((await resolveLogin(tokenHash)) ? session : null) as Session;
  };

  return {
    /** Notes a connected socket that holds a sign-in, for the sweep. */
    track(socket: AppSocket): void {
      if (!socket.data.loginTokenHash) return;
      staffSockets.add(socket);
      socket.once('disconnect', () => staffSockets.delete(socket));
    },
    /** Whether the socket's sign-in is still live, refreshing its account (a role may have changed). */
    async confirm(socket: AppSocket): Promise<boolean> {
      const tokenHash = socket.data.loginTokenHash;
      if (!tokenHash) return true;
      const staff = await resolveLogin(tokenHash);
      if (staff) socket.data.actor = { ...socket.data.actor, staff };
      return staff !== null;
    },
    end,
    /** Ends the sockets opened under sign-ins that have just ended here, on every process sharing the adapter. */
    endLogins(tokenHashes: string[]): void {
      if (tokenHashes.length > 0) io.in(tokenHashes.map(loginRoom)).disconnectSockets();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
export type LoginGuard = ReturnType<typeof createLoginGuard>;
