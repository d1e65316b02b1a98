import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Database } from '../core/db/database.ts';
import { finishedRecording } from './media.repository.ts';

/**
 * The URL the archive plays a session's own recording from: the egress file when it sits in the recordings folder
 * (LiveKit's egress writing to a shared volume), or the location itself when LiveKit uploaded it to an https store.
 */
export function recordingUrlResolver(db: Database, recordingsDir: string) {
  return async function recordingUrl(sessionId: number): Promise<string | null> {
    const location = await finishedRecording(db, sessionId);
    if (!location) return null;
    if (/^https:\/\//.test(location)) return location;
    const file = basename(location);
    return existsSync(join(recordingsDir, file)) ? `/recordings/${encodeURIComponent(file)}` : null;
  };
}
