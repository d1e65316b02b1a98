import type { AppSocket } from './socket.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

class Connection {
  status = $state<ConnectionStatus>('connecting');
}

/** Whether the socket is up, for the "reconnecting" banner every live page shows. */
export const connection = new Connection();

export function watchConnection(socket: AppSocket): void {
  if (socket.connected) connection.status = 'online';
  socket.on('connect', () => {
    connection.status = 'online';
  });
  socket.on('disconnect', () => {
    connection.status = 'reconnecting';
  });
  socket.on('connect_error', () => {
    if (connection.status === 'online') connection.status = 'reconnecting';
  });
}
