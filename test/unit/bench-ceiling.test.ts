import { describe, expect, it } from 'vitest';
import { cpuBound, writerCeiling } from '../../scripts/bench/report.ts';
import type { WriterStep } from '../../scripts/bench/writer-ceiling.ts';

const step = (offered: number, acked: number, p99: number): WriterStep => ({
  offered,
  acked,
  ack: { n: 1, mean: p99, p50: p99, p95: p99, p99, max: p99 },
  mainWrite: { n: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN },
  cpuUs: 40,
});

describe("the benchmark's vote writer ceiling", () => {
  it('is the most the writer sustained alone, judged as the rate ladder judges end-to-end steps', () => {
    // Run of 2026-12-07 03:39: at 40,000/s offered the writer acked 32,604/s, 82% of it, its acks falling behind.
    const writer = { steps: [step(10_000, 9_963, 16), step(20_000, 19_846, 328), step(40_000, 32_604, 655)], withoutTurns: step(20_000, 19_000, 300), durationMsPerStep: 2500 };
    expect(writerCeiling({ writer })).toBe(19_846);
    expect(writerCeiling({ writer: { ...writer, steps: [step(10_000, 9_000, 1500)] } })).toBeNaN();
  });

  it('bounds the durable rate by the CPU a vote needs at least: the bare socket path plus the writer alone', () => {
    // vote-path.ts at 10,000/s on 2026-12-07: bare server 52 µs, voters 44 µs; writer thread alone 40 µs.
    expect(cpuBound(2, { serverUs: 52, votersUs: 44 }, 40)).toBeCloseTo(14_706, 0);
    expect(cpuBound(2, undefined, 40)).toBeNaN();
  });
});
