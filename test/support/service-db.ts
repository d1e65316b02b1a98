import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';

/** A migrated SQLite file in a fresh folder with one unit and one live, premoderated session, for service tests. */
export async function liveSessionDatabase(prefix: string, now: Date): Promise<{ dir: string; db: Database; sessionId: number }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = await openDatabase(join(dir, 'service.sqlite'));
  await migrate(db);
  const sessionId = await db.write(async (tx) => {
    const unitId = await insertUnit(tx, 'Phường', now);
    return insertSession(
      tx,
      unitId,
      { title: 'Phiên', theme: 'Chủ đề', description: '', officials: [], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 7_200_000).toISOString(), premoderated: true },
      'live',
      now,
    );
  });
  return { dir, db, sessionId };
}
