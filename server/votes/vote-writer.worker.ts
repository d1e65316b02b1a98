/**
 * The vote writer's thread: its own SQLite connection and the same batching writer the main thread would run.
 * Outcomes go back in one message per turn of this thread's loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import { openDatabase } from '../core/db/database.ts';
import { isStorageFull, storageFullError } from '../core/db/storage.ts';
import { createVoteWriter } from './vote-writer.ts';
import type { FromVoteWriter, ToVoteWriter, VoteReply, VoteWriterThreadData } from './vote-writer-thread.ts';

const port = parentPort!;
const { path, maxVotesPerJob, writeTurns } = workerData as VoteWriterThreadData;
// Only writes happen here; the main thread's readers serve every read.
const db = await openDatabase(path, { maxBatch: maxVotesPerJob, readers: 0, writeTurns });
const writer = createVoteWriter(db, { maxVotesPerJob });

let replies: VoteReply[] = [];
function reply(item: VoteReply): void {
  if (replies.length === 0) setImmediate(() => port.postMessage({ type: 'outcomes', items: replies.splice(0) } satisfies FromVoteWriter));
  replies.push(item);
}

port.on('message', (message: ToVoteWriter) => {
  if (message.type === 'close') {
    // The main thread sends this only once every vote it sent has its reply.
    void db.close().then(() => port.close());
    return;
  }
  for (const { id, ...request } of message.items) {
    writer.submit(request).then(
      (outcome) => reply({ id, outcome }),
      (error: unknown) =>
        reply(
          error instanceof AppError
            ? { id, error: error.toBody(), expected: true }
            : isStorageFull(error)
              ? { id, error: storageFullError().toBody(), expected: true }
              : { id, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) }, expected: false },
        ),
    );
  }
});
