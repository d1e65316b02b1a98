import type { Audience } from '../core/notices.ts';

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
  // A staff room's fan-out shards (`s:1:staff#0`) carry its feed too.
  return /^s:\d+:staff(#\d+)?$/.test(room);
}
