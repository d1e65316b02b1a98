/**
 * What a server under test reports about itself over IPC: memory, CPU time and event-loop delay since the last
 * reset. Shared by the platform's and the bare Socket.IO server's entries so both are measured the same way.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ServerStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** CPU seconds (user + system) per wall second since the reset: 1.0 is one core busy. */
  cpuShare: number;
  wallMs: number;
  eventLoopDelay: { p50: number; p99: number; max: number; mean: number };
  connections: number;
}

export function createProbe(connections: () => number) {
  // 10 ms resolution is the histogram's sampling timer; finer costs wakeups that would themselves load the loop.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpuAt = process.cpuUsage();
  let wallAt = performance.now();

  return {
    reset(): null {
      delay.reset();
      cpuAt = process.cpuUsage();
      wallAt = performance.now();
      return null;
    },
    stats(args: { gc?: boolean } | null): ServerStats {
      // A collection first, so memory per connection counts what is retained rather than garbage not yet swept.
      if (args?.gc && typeof globalThis.gc === 'function') {
        globalThis.gc();
        globalThis.gc();
      }
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage(cpuAt);
      const wallMs = performance.now() - wallAt;
      const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : NaN);
      return {
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        heapTotal: memory.heapTotal,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers,
        cpuShare: (cpu.user + cpu.system) / 1000 / Math.max(1, wallMs),
        wallMs,
        eventLoopDelay: {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
          mean: ms(delay.mean),
        },
        connections: connections(),
      };
    },
  };
}
