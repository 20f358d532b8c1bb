/**
 * `npm run bench [-- --quick] [-- --only name,name]`: the benchmark suite (not part of npm test).
 * Starts what it needs (nats-server, redis-server, chat nodes, Socket.IO peers) on free loopback
 * ports, warms up, repeats, reports medians, prints a table and writes bench/results/latest.json:
 * { machine, settings, scenarios: [{ name, throughput_msgs_per_s, p50_ms, p99_ms, p999_ms, … }], targets }.
 * `--quick` runs everything once, shorter and smaller (under 2 minutes); the full run repeats 3×.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { busyCores, machine, machineTicks, startBackends, type BenchEnvironment } from './lib/environment.js';
import { benchSettings, say, type BenchSettings, type ScenarioResult } from './lib/settings.js';
import { evaluateTargets, formatTable } from './lib/report.js';
import { consoleTap } from './scenarios/consoleTapScenario.js';
import { groupFanout } from './scenarios/groupFanout.js';
import { idleConnections } from './scenarios/idleConnections.js';
import { natsFloor } from './scenarios/natsFloor.js';
import { p2pCrossNode } from './scenarios/p2pCrossNode.js';
import { socketioRedisPeer } from './scenarios/socketioRedisPeer.js';

type Scenario = (env: BenchEnvironment, settings: BenchSettings) => Promise<ScenarioResult>;

const SCENARIOS: ReadonlyArray<readonly [string, Scenario]> = [
  ['nats-floor', natsFloor],
  ['p2p-cross-node', p2pCrossNode],
  ['socketio-redis-peer', socketioRedisPeer],
  ['group-fanout', groupFanout],
  ['idle-connections', idleConnections],
  ['console-tap', consoleTap],
];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'redis-fsync': { type: 'string', default: 'everysec' },
    profile: { type: 'string' },
    'experiment-redis-autopipelining': { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./results/latest.json', import.meta.url)) },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`Usage: npm run bench -- [--quick] [--only ${SCENARIOS.map(([name]) => name).join(',')}] [--redis-fsync everysec|always] [--profile DIR] [--experiment-redis-autopipelining] [--out FILE]\n`);
  process.exit(0);
}
const only = values.only ? new Set(values.only.split(',')) : null;
for (const name of only ?? []) {
  if (!SCENARIOS.some(([known]) => known === name)) {
    process.stderr.write(`unknown scenario ${name}; known: ${SCENARIOS.map(([known]) => known).join(', ')}\n`);
    process.exit(2);
  }
}

const redisFsync = values['redis-fsync'];
if (redisFsync !== 'always' && redisFsync !== 'everysec') {
  process.stderr.write(`--redis-fsync: use always or everysec, got ${redisFsync}\n`);
  process.exit(2);
}
const settings = { ...benchSettings(values.quick), redisFsync };
const info = machine();
say(`${values.quick ? 'quick' : 'full'} run on ${info['cpus']} × ${info['cpu_model']}, load average ${(info['loadavg_start'] as number[]).join(' ')}`);
const started = Date.now();
if (values.profile) {
  // Every process started from here on (chat nodes, Socket.IO peers) writes a V8 CPU profile on exit.
  mkdirSync(values.profile, { recursive: true });
  process.env['BENCH_PROFILE_DIR'] = values.profile;
  process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import ${new URL('./lib/cpuProfile.mjs', import.meta.url).href}`.trim();
  say(`CPU profiles of the started processes go to ${values.profile}`);
}
if (values['experiment-redis-autopipelining']) {
  // Measures a proposed change of the Redis backend without making it: see lib/redisAutoPipelining.mjs.
  process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import ${new URL('./lib/redisAutoPipelining.mjs', import.meta.url).href}`.trim();
  say('EXPERIMENT: the chat nodes run with ioredis enableAutoPipelining (not the product as shipped)');
}
const env = await startBackends(redisFsync);
const scenarios: ScenarioResult[] = [];
try {
  for (const [name, scenario] of SCENARIOS) {
    if (only && !only.has(name)) continue;
    const scenarioStarted = Date.now();
    const ticks = machineTicks();
    say(`── ${name}`);
    try {
      const result = await scenario(env, settings);
      result['wall_seconds'] = Math.round((Date.now() - scenarioStarted) / 100) / 10;
      // Everything running on the machine meanwhile (this run and anyone else's work), in cores.
      result['machine_busy_cores'] = busyCores(ticks, machineTicks(), os.cpus().length);
      result['loadavg_after'] = os.loadavg().map((value) => Math.round(value * 100) / 100);
      scenarios.push(result);
    } catch (error) {
      say(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      scenarios.push({ name, status: 'failed', reason: (error as Error).message, throughput_msgs_per_s: null, p50_ms: null, p99_ms: null, p999_ms: null });
    }
  }
} finally {
  await env.stop();
}

const record = {
  machine: { ...info, loadavg_end: os.loadavg().map((value) => Math.round(value * 100) / 100), wall_seconds: Math.round((Date.now() - started) / 1000) },
  mode: values.quick ? 'quick' : 'full',
  experiment: values['experiment-redis-autopipelining'] ? 'redis-autopipelining' : null,
  settings,
  scenarios,
  targets: evaluateTargets(scenarios, values.quick),
};
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
// An experiment never replaces latest.json unless asked to.
const out = record.experiment && !process.argv.includes('--out') ? fileURLToPath(new URL(`./results/experiment-${record.experiment}.json`, import.meta.url)) : values.out;
writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
writeFileSync(fileURLToPath(new URL(`./results/${record.mode}-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url)), `${JSON.stringify(record, null, 2)}\n`);
process.stdout.write(`${formatTable(record)}\n`);
process.stdout.write(`wrote ${out} (${record.machine.wall_seconds} s)\n`);
process.exit(0);
