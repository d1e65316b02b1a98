import type { Ack } from '../../../shared/errors.ts';
import type { Official, Session, SessionCreateInput, SessionList, SessionState, SessionUpdateInput } from '../../../shared/schemas/session.ts';
import type { StaffCreateInput, StaffUpdateInput, StaffUser } from '../../../shared/schemas/staff.ts';
import { request } from './api.ts';

export const adminApi = {
  listStaff: () => request<StaffUser[]>('GET', '/api/admin/staff'),
  createStaff: (input: StaffCreateInput) => request<StaffUser>('POST', '/api/admin/staff', input),
  updateStaff: (id: number, patch: StaffUpdateInput) => request<StaffUser>('PATCH', `/api/admin/staff/${id}`, patch),
  listSessions: () => request<SessionList>('GET', '/api/sessions'),
  createSession: (input: SessionCreateInput) => request<Session>('POST', '/api/admin/sessions', input),
  updateSession: (id: number, patch: SessionUpdateInput) => request<Session>('PATCH', `/api/admin/sessions/${id}`, patch),
  transitionSession: (id: number, to: SessionState): Promise<Ack<Session>> =>
    request<Session>('POST', `/api/admin/sessions/${id}/transition`, { to }),
};

/** Guests are typed one per line as "Name - Position"; the position is optional. */
export function parseOfficials(text: string): Official[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', ...rest] = line.split(/\s+[-–—]\s+/);
      return { name: name.trim(), title: rest.join(' - ').trim() };
    });
}

export function formatOfficials(officials: readonly Official[]): string {
  return officials.map((o) => (o.title ? `${o.name} - ${o.title}` : o.name)).join('\n');
}
