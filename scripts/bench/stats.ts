/** Small numeric helpers shared by the coordinator and the workers. */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export const EMPTY_SUMMARY: Summary = { n: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(values: ArrayLike<number>): Summary {
  if (values.length === 0) return EMPTY_SUMMARY;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * Millisecond buckets, for distributions too big to ship whole (every viewer × every vote). One bucket per ms up
 * to the cap; anything later lands in the last bucket and is reported as "≥ cap".
 */
export const HIST_CAP_MS = 60_000;

export function newHistogram(): Uint32Array {
  return new Uint32Array(HIST_CAP_MS + 1);
}

export function addToHistogram(hist: Uint32Array, ms: number): void {
  hist[Math.min(HIST_CAP_MS, Math.max(0, Math.floor(ms)))]! += 1;
}

export function mergeHistograms(into: Uint32Array, from: Uint32Array): void {
  for (let i = 0; i < from.length; i++) into[i]! += from[i]!;
}

export function summarizeHistogram(hist: Uint32Array): Summary {
  let n = 0;
  let sum = 0;
  let max = NaN;
  for (let i = 0; i < hist.length; i++) {
    const count = hist[i]!;
    if (count === 0) continue;
    n += count;
    sum += count * (i + 0.5);
    max = i + 1;
  }
  if (n === 0) return EMPTY_SUMMARY;
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil((p / 100) * n));
    let seen = 0;
    for (let i = 0; i < hist.length; i++) {
      seen += hist[i]!;
      if (seen >= rank) return i + 1; // upper edge of the bucket: never flatters the figure
    }
    return NaN;
  };
  return { n, mean: sum / n, p50: at(50), p95: at(95), p99: at(99), max };
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes on one machine. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

export function fmtMs(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n < 10 ? `${n.toFixed(2)} ms` : n < 100 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}

export function fmtRatio(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 10 ? `${n.toFixed(0)}×` : `${n.toFixed(2)}×`;
}

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (Math.abs(n) >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}
