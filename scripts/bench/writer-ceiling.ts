/**
 * The platform's own storage ceiling: its vote writer thread (batching, checks, three statements per batch,
 * synchronous=FULL) on a migrated database, with no sockets in front of it. Open-loop offers at fixed rates, each
 * vote a new (question, resident) pair; what it holds here against what the server holds end to end shows how
 * much of a vote's cost is the socket path.
 */
import { join } from 'node:path';
import { openDatabase } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { insertQuestion } from '../../server/questions/questions.repository.ts';
import { insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { createVoteWriterThread } from '../../server/votes/vote-writer-thread.ts';
import { serve } from './ipc.ts';
import { now, sleep, summarize, type Summary } from './stats.ts';

export interface WriterCeiling {
  steps: Array<{ offered: number; acked: number; ack: Summary }>;
  durationMsPerStep: number;
}

async function measure(dir: string, durationMs: number, rates: number[]): Promise<WriterCeiling> {
  const db = await openDatabase(join(dir, 'writer-ceiling.sqlite'));
  await migrate(db);
  const at = new Date();
  const questionIds: number[] = [];
  await db.write(async (tx) => {
    const unitId = await insertUnit(tx, 'Phường đo', at);
    const sessionId = await insertSession(
      tx,
      unitId,
      { title: 'Đo', theme: 'Đo', description: '', officials: [], startsAt: at.toISOString(), endsAt: new Date(at.getTime() + 3_600_000).toISOString(), premoderated: true },
      'live',
      at,
    );
    for (let i = 0; i < 100; i += 1) {
      const row = await insertQuestion(tx, { sessionId, residentId: 'asker', clientKey: `ceiling-${i}`, text: `Câu hỏi đo số ${i}`, authorName: null, anonymous: false, topic: null, status: 'approved', createdAt: at });
      questionIds.push(row.id);
    }
  });
  const writer = createVoteWriterThread({ path: db.path, maxVotesPerJob: 256, writeTurns: db.writeTurns });
  await writer.submit({ residentId: 'warm-up', questionId: questionIds[0]!, value: true });
  let sequence = 0;
  const steps: WriterCeiling['steps'] = [];
  for (const offered of rates) {
    const total = Math.round((offered * durationMs) / 1000);
    const latencies: number[] = [];
    const started = now();
    let sent = 0;
    const acks: Promise<void>[] = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor(((now() - started) / 1000) * offered));
      for (; sent < due; sent += 1) {
        sequence += 1;
        const t = now();
        const request = { residentId: `r-${Math.floor(sequence / 100)}`, questionId: questionIds[sequence % 100]!, value: true };
        acks.push(writer.submit(request).then(() => void latencies.push(now() - t)));
      }
      await sleep(2);
    }
    await Promise.all(acks);
    steps.push({ offered, acked: total / ((now() - started) / 1000), ack: summarize(latencies) });
  }
  await writer.close();
  await db.close();
  return { steps, durationMsPerStep: durationMs };
}

serve({ run: (args: { dir: string; durationMs: number; rates: number[] }) => measure(args.dir, args.durationMs, args.rates) });
