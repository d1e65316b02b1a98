import type { Ack } from '../../../../shared/errors.ts';
import type { Me, StaffUser } from '../../../../shared/schemas/staff.ts';
import { PATHS } from '../../../../shared/routes/paths.ts';
import { call } from './api.ts';

/** Who this browser is. Loading it also hands out the resident cookie that the socket handshake requires. */
class Auth {
  me = $state.raw<Me | null>(null);
  staff = $derived<StaffUser | null>(this.me?.staff ?? null);

  async load(): Promise<Ack<Me>> {
    const ack = await call(PATHS.staff.me);
    if (ack.ok) this.me = ack.data;
    return ack;
  }

  login(username: string, password: string): Promise<Ack<Me>> {
    return call(PATHS.staff.login, { body: { username, password } });
  }

  logout(): Promise<Ack<Me>> {
    return call(PATHS.staff.logout);
  }
}

export const auth = new Auth();
