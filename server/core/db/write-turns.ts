/**
 * Turns at SQLite's write lock for the writers of one process, whichever thread they run on, first come first
 * served. SQLite's own busy handler polls: a writer that finds the lock taken sleeps 1, 2, 5, … up to 100 ms and
 * tries again, and a writer that commits back to back (the vote writer thread under a storm) has taken the lock
 * again before the sleeper wakes. The main writer's tally writes waited 80–160 ms on average for BEGIN that way,
 * and every viewer waited with them. A ticket lock in shared memory hands the lock over at once, in order.
 *
 * It only schedules: SQLite's lock still decides, and its busy timeout still covers other processes (a backup, a
 * second server). So a turn that does not end within `patienceMs` (its thread stuck or gone) is skipped rather
 * than waited for forever; at worst two writers then meet at SQLite's lock, as they would without turns.
 */
export type WriteTurns = Int32Array;

const NEXT = 0;
const SERVING = 1;

type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs?: number) => { async: boolean; value: Promise<string> | string };
// ES2024, in Node since 16; the project's TypeScript lib stays at what Node 20 has in full.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export function createWriteTurns(): WriteTurns {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

export async function takeTurn(turns: WriteTurns, patienceMs = 5000): Promise<void> {
  const ticket = Atomics.add(turns, NEXT, 1);
  for (;;) {
    const serving = Atomics.load(turns, SERVING);
    if (serving === ticket) return;
    const wait = waitAsync(turns, SERVING, serving, patienceMs);
    if (!wait.async) continue;
    // A pending waitAsync does not keep the event loop alive; the timer does, for as long as this writer waits.
    const keepAlive = setTimeout(() => undefined, patienceMs + 1000);
    const outcome = await wait.value;
    clearTimeout(keepAlive);
    if (outcome === 'timed-out') Atomics.compareExchange(turns, SERVING, serving, serving + 1);
  }
}

export function endTurn(turns: WriteTurns): void {
  Atomics.add(turns, SERVING, 1);
  Atomics.notify(turns, SERVING);
}
