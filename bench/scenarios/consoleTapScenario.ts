/**
 * console-tap: the console's traffic tap at high rates (main-process CPU and batch delay). The
 * measurement itself lives in bench/consoleTap.ts (written with the tap); this only calls it when
 * it exists, and otherwise reports the scenario as pending — never a made-up number.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchEnvironment } from '../lib/environment.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';

type TapBench = (options: Record<string, unknown>) => Promise<Record<string, unknown>>;

export async function consoleTap(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const file = fileURLToPath(new URL('../consoleTap.ts', import.meta.url));
  const pending = (reason: string): ScenarioResult => ({ name: 'console-tap', status: 'pending', reason, throughput_msgs_per_s: null, p50_ms: null, p99_ms: null, p999_ms: null });
  if (!existsSync(file)) return pending('bench/consoleTap.ts (the tap benchmark, written with the console traffic tap) does not exist yet');
  const specifier = '../consoleTap.js';
  const module = (await import(specifier)) as Record<string, unknown>;
  const run = module['runConsoleTapBench'];
  if (typeof run !== 'function') return pending(`bench/consoleTap.ts exports no runConsoleTapBench (exports: ${Object.keys(module).join(', ') || 'none'})`);
  const result = await (run as TapBench)({ rate: settings.tapRate, seconds: settings.tapSeconds, quick: settings.quick, natsUrl: env.natsUrl, redisUrl: env.redisUrl });
  return {
    throughput_msgs_per_s: null,
    p50_ms: null,
    p99_ms: null,
    p999_ms: null,
    ...result,
    name: 'console-tap',
    status: 'ok',
  } as ScenarioResult;
}
