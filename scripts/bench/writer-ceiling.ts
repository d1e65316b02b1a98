/**
 * The platform's own storage ceiling: its vote writer thread (batching, checks, three statements per batch,
 * synchronous=FULL) on a migrated database, with no sockets in front of it. Open-loop offers at fixed rates, each
 * vote a new (question, resident) pair; what it holds here against what the server holds end to end shows how
 * much of a vote's cost is the socket path.
 */
import { join } from 'node:path';
import { openDatabase } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { createWriteTurns } from '../../server/core/db/write-turns.ts';
import { insertQuestion } from '../../server/questions/questions.repository.ts';
import { bumpVersions, insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { createVoteWriterThread } from '../../server/votes/vote-writer-thread.ts';
import { serve } from './ipc.ts';
import { now, sleep, summarize, type Summary } from './stats.ts';

export interface WriterStep {
  offered: number;
  acked: number;
  ack: Summary;
  /** A tally's write on the main connection every 250 ms during the step, as the server makes them. */
  mainWrite: Summary;
  /** CPU per acked vote, in µs, of this whole process: the writer thread, SQLite's work on libuv's pool, the submitter. */
  cpuUs: number;
}

export interface WriterCeiling {
  steps: WriterStep[];
  /** The same storm with the writers left to SQLite's busy handler instead of taking turns (write-turns.ts). */
  withoutTurns: WriterStep;
  durationMsPerStep: number;
}

async function measure(dir: string, durationMs: number, rates: number[], baselineRate: number): Promise<WriterCeiling> {
  const db = await openDatabase(join(dir, 'writer-ceiling.sqlite'));
  await migrate(db);
  const at = new Date();
  const questionIds: number[] = [];
  let sessionId = 0;
  await db.write(async (tx) => {
    const unitId = await insertUnit(tx, 'Phường đo', at);
    sessionId = await insertSession(
      tx,
      unitId,
      { title: 'Đo', theme: 'Đo', description: '', officials: [], startsAt: at.toISOString(), endsAt: new Date(at.getTime() + 3_600_000).toISOString(), premoderated: true },
      'live',
      at,
    );
    for (let i = 0; i < 100; i += 1) {
      const row = await insertQuestion(tx, { sessionId, residentId: 'asker', clientKey: `ceiling-${i}`, text: `Câu hỏi đo số ${i}`, authorName: null, nameBasis: null, topic: null, status: 'approved', createdAt: at });
      questionIds.push(row.id);
    }
  });
  let sequence = 0;
  async function step(writer: ReturnType<typeof createVoteWriterThread>, offered: number): Promise<WriterStep> {
    const total = Math.round((offered * durationMs) / 1000);
    const cpuBefore = process.cpuUsage();
    const latencies: number[] = [];
    const mainWrites: number[] = [];
    const started = now();
    let sent = 0;
    let storming = true;
    const acks: Promise<void>[] = [];
    const tallies = (async () => {
      while (storming) {
        const t = now();
        await db.write((tx) => bumpVersions(tx, sessionId, { public: true }));
        mainWrites.push(now() - t);
        await sleep(250);
      }
    })();
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
    const cpu = process.cpuUsage(cpuBefore);
    const acked = total / ((now() - started) / 1000);
    storming = false;
    await tallies;
    return { offered, acked, ack: summarize(latencies), mainWrite: summarize(mainWrites), cpuUs: (cpu.user + cpu.system) / total };
  }

  const steps: WriterStep[] = [];
  const writer = createVoteWriterThread({ path: db.path, maxVotesPerJob: 256, writeTurns: db.writeTurns });
  await writer.submit({ residentId: 'warm-up', questionId: questionIds[0]!, value: true });
  for (const offered of rates) steps.push(await step(writer, offered));
  await writer.close();
  const alone = createVoteWriterThread({ path: db.path, maxVotesPerJob: 256, writeTurns: createWriteTurns() });
  const withoutTurns = await step(alone, baselineRate);
  await alone.close();
  await db.close();
  return { steps, withoutTurns, durationMsPerStep: durationMs };
}

serve({ run: (args: { dir: string; durationMs: number; rates: number[]; baselineRate: number }) => measure(args.dir, args.durationMs, args.rates, args.baselineRate) });
