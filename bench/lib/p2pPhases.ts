/**
 * The phases every P2P scenario runs, in the same order and with the same settings: saturation
 * (closed loop), then each fixed offered load (open loop), each repeated; medians reported.
 * The scenario's main p50/p99/p99.9 are those at 5k msgs/s, the load the targets name.
 */
import type { Integrity, PairDriver, PhaseResult } from './pairDriver.js';
import type { BenchSettings } from './settings.js';
import { say } from './settings.js';
import { medianOf } from './stats.js';

export interface P2PFigures {
  throughput_msgs_per_s: number;
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
  [extra: string]: number | Integrity;
}

export async function runP2PPhases(label: string, driver: PairDriver, settings: BenchSettings): Promise<P2PFigures> {
  // Processes were just started: warm them up before anything is measured.
  await driver.warmUp(settings.warmupMs * 3);
  const saturation: PhaseResult[] = [];
  for (let run = 0; run < settings.repeats; run++) {
    const result = await driver.closedLoop(settings.window, settings.warmupMs, settings.durationMs);
    say(`${label}: saturation run ${run + 1}: ${result.throughput_msgs_per_s} msgs/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms`);
    saturation.push(result);
  }
  const figures: P2PFigures = { throughput_msgs_per_s: 0, p50_ms: NaN, p99_ms: NaN, p999_ms: NaN };
  const sat = medianOf(saturation as unknown as Array<Record<string, number>>);
  figures.throughput_msgs_per_s = sat['throughput_msgs_per_s']!;
  figures['p50_ms_at_saturation'] = sat['p50_ms']!;
  figures['p99_ms_at_saturation'] = sat['p99_ms']!;
  if (Number.isFinite(sat['ack_p50_ms'])) figures['ack_p50_ms_at_saturation'] = sat['ack_p50_ms']!;
  for (const rate of settings.rates) {
    const runs: PhaseResult[] = [];
    for (let run = 0; run < settings.repeats; run++) {
      const result = await driver.openLoop(rate, settings.warmupMs / 2, settings.durationMs);
      say(`${label}: ${rate} msgs/s run ${run + 1}: got ${result.throughput_msgs_per_s}, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, p99.9 ${result.p999_ms} ms`);
      runs.push(result);
    }
    const at = medianOf(runs as unknown as Array<Record<string, number>>);
    const tag = `${rate / 1000}k`;
    figures[`p50_ms_at_${tag}`] = at['p50_ms']!;
    figures[`p99_ms_at_${tag}`] = at['p99_ms']!;
    figures[`p999_ms_at_${tag}`] = at['p999_ms']!;
    figures[`achieved_msgs_per_s_at_${tag}`] = at['throughput_msgs_per_s']!;
    if (Number.isFinite(at['ack_p50_ms'])) {
      figures[`ack_p50_ms_at_${tag}`] = at['ack_p50_ms']!;
      figures[`ack_p99_ms_at_${tag}`] = at['ack_p99_ms']!;
    }
  }
  figures.p50_ms = (figures['p50_ms_at_5k'] as number | undefined) ?? NaN;
  figures.p99_ms = (figures['p99_ms_at_5k'] as number | undefined) ?? NaN;
  figures.p999_ms = (figures['p999_ms_at_5k'] as number | undefined) ?? NaN;
  await driver.settle(60_000);
  figures['integrity'] = driver.integrity();
  return figures;
}
