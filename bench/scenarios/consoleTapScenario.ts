/**
 * console-tap: the console's traffic tap at high rates (main-process CPU and batch delay). The
 * measurement itself lives in bench/consoleTap.ts, which also runs on its own
 * (`npx tsx bench/consoleTap.ts --rate 20000`); here it uses the run's nats-server.
 */
import { runConsoleTapBench } from '../consoleTap.js';
import type { BenchEnvironment } from '../lib/environment.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';

export async function consoleTap(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const result = await runConsoleTapBench({ rate: settings.tapRate, seconds: settings.tapSeconds, natsUrl: env.natsUrl });
  return { ...result, name: 'console-tap', status: 'ok' } as ScenarioResult;
}
