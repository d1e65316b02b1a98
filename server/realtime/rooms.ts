import type { Audience } from './notices.ts';

export function roomOf(audience: Audience): string {
  switch (audience.kind) {
    case 'public':
      return `s:${audience.sessionId}`;
    case 'staff':
      return `s:${audience.sessionId}:staff`;
    case 'resident':
      return `r:${audience.residentId}`;
  }
}

export function loginRoom(tokenHash: string): string {
  return `login:${tokenHash}`;
}

export function isStaffRoom(room: string): boolean {
  return /^s:\d+:staff$/.test(room);
}
