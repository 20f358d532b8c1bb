/**
 * Latency percentiles with HdrHistogram (3 significant digits, microsecond resolution up to 10 min):
 * one histogram for the whole run and one for the current second, which `takeInterval` resets.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencyPercentiles } from '../../../contract/index.js';

const MAX_MICROS = 600_000_000;

export class LatencyRecorder {
  private readonly total = newHistogram();
  private readonly interval = newHistogram();

  /** Records one latency in milliseconds (negative values, from clock steps, count as 0). */
  record(ms: number): void {
    const micros = Math.min(MAX_MICROS, Math.max(1, Math.round(ms * 1000)));
    this.total.recordValue(micros);
    this.interval.recordValue(micros);
  }

  overall(): LatencyPercentiles {
    return percentiles(this.total);
  }

  /** Percentiles since the last call, then starts a new interval. */
  takeInterval(): LatencyPercentiles {
    const result = percentiles(this.interval);
    this.interval.reset();
    return result;
  }

  /** Frees the WASM-free JS histograms' arrays early (they are large). */
  destroy(): void {
    this.total.destroy();
    this.interval.destroy();
  }
}

export const EMPTY_PERCENTILES: LatencyPercentiles = { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: MAX_MICROS, numberOfSignificantValueDigits: 3 });
}

function percentiles(histogram: hdr.Histogram): LatencyPercentiles {
  if (histogram.totalCount === 0) return { ...EMPTY_PERCENTILES };
  const ms = (micros: number) => Math.round(micros) / 1000;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
  };
}
