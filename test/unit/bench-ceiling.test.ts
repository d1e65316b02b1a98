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

  it('bounds the durable rate where the bare socket path and the writer alone, each at that rate, use every core', () => {
    // Full run of 2026-12-07 07:09: the bare server without viewers (server + voters) and the writer thread alone.
    const bare = [[1_001, 511], [2_001, 272], [4_001, 156], [8_000, 101], [16_000, 80], [31_461, 61]].map(([rate, usPerVote]) => ({ rate: rate!, usPerVote: usPerVote! }));
    const writer = [[9_955, 71], [19_929, 44], [29_601, 34], [33_903, 33]].map(([rate, usPerVote]) => ({ rate: rate!, usPerVote: usPerVote! }));
    // At 14,800/s: bare 0.808 + (1.280 − 0.808) × 6,800/8,000 = 1.209 cores, writer 0.707 + 0.170 × 4,845/9,974 = 0.790.
    expect(cpuBound(2, bare, writer)).toBe(14_800);
    expect(cpuBound(2, [{ rate: 10_000, usPerVote: 100 }], [{ rate: 10_000, usPerVote: 100 }])).toBe(10_000);
    expect(cpuBound(2, [], writer)).toBeNaN();
  });
});
