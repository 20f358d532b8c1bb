/** Latency histograms (HDR, microsecond resolution, 3 significant digits) and medians of repeats. */
import { build, type Histogram } from 'hdr-histogram-js';

export function latencyHistogram(): Histogram {
  // 1 µs .. 120 s; values above are clamped rather than thrown.
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.min(119_000_000, Math.max(1, Math.round(ms * 1000))));
}

export interface Percentiles {
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  samples: number;
}

export function percentiles(histogram: Histogram): Percentiles {
  if (histogram.totalCount === 0) return { p50_ms: NaN, p99_ms: NaN, p999_ms: NaN, max_ms: NaN, samples: 0 };
  const at = (p: number) => round3(histogram.getValueAtPercentile(p) / 1000);
  return { p50_ms: at(50), p99_ms: at(99), p999_ms: at(99.9), max_ms: round3(histogram.maxValue / 1000), samples: histogram.totalCount };
}

export function median(values: number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** The median of each numeric field over repeats (fields missing from a repeat are skipped). */
export function medianOf<T extends Record<string, number>>(runs: T[]): T {
  const out: Record<string, number> = {};
  for (const key of Object.keys(runs[0] ?? {})) out[key] = round3(median(runs.map((run) => run[key] ?? NaN)));
  return out as T;
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
