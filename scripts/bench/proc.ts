/**
 * What Linux's /proc says of a process under test from outside it: CPU seconds of the whole process (every thread:
 * the main loop, the vote writer thread, SQLite's work on libuv's pool, V8's helpers) or of each thread, and its
 * resident memory. A process's children count too, for `WORKERS=N`.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ), whatever the kernel's own tick. */
const TICKS_PER_SECOND = 100;

/** utime + stime, in seconds, from a /proc/…/stat line (the fields after the command's closing parenthesis). */
function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** CPU seconds the process (all its threads) and its children have used so far. */
export function processCpuSeconds(pid: number): number {
  return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8')) + childrenOf(pid).reduce((sum, child) => sum + processCpuSeconds(child), 0);
}

/** CPU seconds so far of each thread of a process, by thread id (the main thread's id is the process id). */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(Number(tid), statCpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}

/** Resident set of a process and its children, in bytes. */
export function treeRss(pid: number): number {
  const rss = (p: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
  return rss(pid) + childrenOf(pid).reduce((sum, child) => sum + rss(child), 0);
}
