/**
 * console-tap: the console's traffic tap at high rates, through a real nats-server. This process
 * plays the console's main process — the same TrafficFeature and NATS tap the console runs, its
 * batches serialized as the web server would send them — while a child process publishes bus
 * envelopes at a fixed rate. Measured over `seconds` after a 1 s warm-up:
 *
 *   tapped_msgs_per_s      what the tap counted (exact counters), vs offered_msgs_per_s
 *   cpu_percent            this process's CPU (user + system) over wall time; 100 = one core
 *   batch_delay_p50/p99_ms a message's arrival at the tap → the batch carrying it emitted
 *   publish_to_batch_*     publisher's clock at send → batch emitted (adds NATS and queueing)
 *   event_loop_delay_p99_ms how late timers ran in this process (responsiveness of the host)
 *
 * The publisher uses core NATS publishes: the tap is a core subscription, which sees JetStream
 * publishes exactly the same way, and a JetStream publisher could not offer 20,000 msgs/s on
 * this machine. Subjects are chat.p2p.900000000…049 (no real user has such an id). Run alone: `npx tsx bench/consoleTap.ts [--rate 20000] [--seconds 10] [--nats URL]`
 * (without --nats it starts its own nats-server). The suite calls runConsoleTapBench().
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from '../infrastructure/local/lib/natsServers.js';
import type { TrafficBatch } from '../node-runtime/contract/index.js';
import { TrafficFeature } from '../node-runtime/src/admin/traffic/trafficFeature.js';
import { openNatsBusTap } from '../node-runtime/src/cluster/bus/natsBusTap.js';
import { silentLogger } from '../node-runtime/src/common/logger.js';

export interface ConsoleTapBenchOptions {
  /** Offered msgs/s. Default 20,000. */
  rate?: number;
  /** Measured seconds (after a 1 s warm-up). Default 10. */
  seconds?: number;
  /** An existing nats-server; default: one started for the run. */
  natsUrl?: string;
  /** Payload content length (the envelope adds ~250 bytes). Default 40. */
  contentBytes?: number;
}

export interface ConsoleTapBenchResult {
  rate_target: number;
  seconds: number;
  offered_msgs_per_s: number;
  tapped_msgs_per_s: number;
  tapped_lost: number;
  cpu_percent: number;
  batch_delay_p50_ms: number;
  batch_delay_p99_ms: number;
  publish_to_batch_p50_ms: number;
  publish_to_batch_p99_ms: number;
  event_loop_delay_p99_ms: number;
  batches_per_s: number;
  batch_kib_avg: number;
  tail_rows_per_s: number;
  sample_every_max: number;
  throughput_msgs_per_s: number;
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
}

const SUBJECTS = 50;
/** First user id of the publisher's subjects (chat.p2p.<id>); far from real users by default. */
const FIRST_ID = 900_000_000;
const WARMUP_MS = 1000;
const self = fileURLToPath(import.meta.url);

export async function runConsoleTapBench(options: ConsoleTapBenchOptions = {}): Promise<ConsoleTapBenchResult> {
  const rate = options.rate ?? 20_000;
  const seconds = options.seconds ?? 10;
  let stateDir: string | undefined;
  let nats: Awaited<ReturnType<typeof startNatsServer>> | undefined;
  let natsUrl = options.natsUrl;
  if (!natsUrl) {
    stateDir = mkdtempSync(join(os.tmpdir(), 'console-tap-bench-'));
    nats = await startNatsServer({ stateDir, jetstream: false });
    natsUrl = nats.url;
  }
  const traffic = new TrafficFeature(
    { host: null as never, readOnly: false, logger: silentLogger, now: Date.now },
    { openTap: (handler) => openNatsBusTap({ servers: [natsUrl], name: 'console-tap-bench' }, handler) },
  );
  try {
    const release = await traffic.hold();
    const measure = { on: false, batches: 0, bytes: 0, rows: 0, sampleMax: 1, tapDelays: [] as number[], publishDelays: [] as number[] };
    traffic.on('traffic', (batch: TrafficBatch) => {
      // What the web server does with each batch: one JSON text frame per client.
      const frame = JSON.stringify({ event: 'traffic', payload: batch });
      if (!measure.on) return;
      const now = Date.now();
      measure.batches++;
      measure.bytes += frame.length;
      measure.rows += batch.tail.length;
      measure.sampleMax = Math.max(measure.sampleMax, batch.sampleEvery);
      for (const entry of batch.tail) {
        measure.tapDelays.push(now - entry.at);
        const sentAt = Number(entry.preview.slice(0, 13));
        if (Number.isFinite(sentAt) && sentAt > 0) measure.publishDelays.push(now - sentAt);
      }
    });
    const publisher = publish(natsUrl, rate, seconds + WARMUP_MS / 1000 + 0.5, options.contentBytes ?? 40);
    await sleep(WARMUP_MS);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const seenBefore = traffic.counters()?.seen ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    loop.enable();
    measure.on = true;
    await sleep(seconds * 1000);
    measure.on = false;
    loop.disable();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const tapped = (traffic.counters()?.seen ?? 0) - seenBefore;
    const sent = await publisher;
    await sleep(500);
    const tappedTotal = traffic.counters()?.seen ?? 0;
    release();
    const batchP = percentiles(measure.tapDelays);
    const publishP = percentiles(measure.publishDelays);
    const wallS = wallMs / 1000;
    return {
      rate_target: rate,
      seconds,
      offered_msgs_per_s: Math.round(sent.count / sent.seconds),
      tapped_msgs_per_s: Math.round(tapped / wallS),
      tapped_lost: sent.count - tappedTotal,
      cpu_percent: round1(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
      batch_delay_p50_ms: batchP.p50,
      batch_delay_p99_ms: batchP.p99,
      publish_to_batch_p50_ms: publishP.p50,
      publish_to_batch_p99_ms: publishP.p99,
      event_loop_delay_p99_ms: round1(loop.percentile(99) / 1e6),
      batches_per_s: round1(measure.batches / wallS),
      batch_kib_avg: round1(measure.bytes / Math.max(1, measure.batches) / 1024),
      tail_rows_per_s: round1(measure.rows / wallS),
      sample_every_max: measure.sampleMax,
      throughput_msgs_per_s: Math.round(tapped / wallS),
      p50_ms: batchP.p50,
      p99_ms: batchP.p99,
      p999_ms: batchP.p999,
    };
  } finally {
    await traffic.close();
    await nats?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The publisher runs in its own process, so its CPU is not counted as the tap's. */
function publish(natsUrl: string, rate: number, seconds: number, contentBytes: number): Promise<{ count: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--publish', natsUrl, String(rate), String(seconds), String(contentBytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`the publisher exited with ${code}`);
        resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '') as { count: number; seconds: number });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/**
 * Child role: envelopes like a node's (content = the send time, for the delay) at `rate`, paced
 * every 5 ms, for `seconds` or until SIGTERM; prints `{count, seconds}` once everything is flushed.
 */
async function publisherMain(natsUrl: string, rate: number, seconds: number, contentBytes: number): Promise<void> {
  let stopped = false;
  process.once('SIGTERM', () => (stopped = true));
  const nc = await connect({ servers: [natsUrl], name: 'console-tap-bench-publisher' });
  const pad = 'x'.repeat(Math.max(0, contentBytes - 14));
  const started = performance.now();
  const total = Math.round(rate * seconds);
  let count = 0;
  while (count < total && !stopped) {
    const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * rate));
    for (; count < due; count++) {
      const toId = FIRST_ID + (count % SUBJECTS);
      const content = `${Date.now()} ${pad}`;
      const envelope = { kind: 'p2p', origin: 'bench', node: `node-${1 + (count % 3)}`, entry: { seq: count, msgId: `m${count}`, fromId: 9, fromUuid: 'bench', toId, toInput: String(toId), content, type: 'text', sentAt: Date.now() } };
      nc.publish(`chat.p2p.${toId}`, JSON.stringify(envelope));
    }
    await sleep(5);
  }
  await nc.flush();
  const elapsed = (performance.now() - started) / 1000;
  await nc.close();
  process.stdout.write(`${JSON.stringify({ count, seconds: elapsed })}\n`);
}

function percentiles(values: number[]): { p50: number; p99: number; p999: number } {
  if (values.length === 0) return { p50: Number.NaN, p99: Number.NaN, p999: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999) };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { publish: { type: 'boolean' }, rate: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '10' }, nats: { type: 'string' } },
  });
  if (values.publish) {
    const [url, rate, seconds, contentBytes] = positionals;
    await publisherMain(url as string, Number(rate), Number(seconds), Number(contentBytes));
    return;
  }
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(rate) || rate < 1 || !(seconds > 0)) throw new Error('--rate must be a whole number of msgs/s and --seconds a positive number');
  const result = await runConsoleTapBench({ rate, seconds, ...(values.nats ? { natsUrl: values.nats } : {}) });
  for (const [key, value] of Object.entries(result)) process.stdout.write(`${key.padEnd(26)} ${value}\n`);
  process.stdout.write(`${JSON.stringify({ scenario: 'console-tap', ...result })}\n`);
}

if (process.argv[1] && fileURLToPath(new URL(import.meta.url)) === process.argv[1]) {
  cli().catch((error: unknown) => {
    process.stderr.write(`console-tap: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
