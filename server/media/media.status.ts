import type { SessionMedia } from '../../shared/schemas/media.ts';
import type { Notice } from '../core/notices.ts';
import type { Queryable } from '../core/db/database.ts';
import { findRoom, listEgress, listHands, listStreamTargets } from './media.repository.ts';

export async function readSessionMedia(q: Queryable, sessionId: number, enabled: boolean): Promise<SessionMedia> {
  return {
    sessionId,
    enabled,
    room: await findRoom(q, sessionId),
    egress: await listEgress(q, sessionId),
    streamTargets: await listStreamTargets(q, sessionId),
    hands: await listHands(q, sessionId),
  };
}

export function mediaChanged(media: SessionMedia): Notice {
  return { to: { kind: 'staff', sessionId: media.sessionId }, event: 'media:changed', payload: media };
}
