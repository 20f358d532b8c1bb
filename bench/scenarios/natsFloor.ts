/**
 * nats-floor: the physical floor of one hop here. Raw core NATS publish → subscribe through the
 * same nats-server the chat nodes use, one publishing connection and one subscribing connection
 * (as node A and node B have), one subject per pair, the same 208 JSON body as payload, the same
 * pairs, window and offered loads as p2p-cross-node. No JetStream, no store, no TCP client hop.
 */
import { connect } from '@nats-io/transport-node';
import { PairDriver, readMark } from '../lib/pairDriver.js';
import { runP2PPhases } from '../lib/p2pPhases.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';
import { cpuMs, cpuPerMessage, type BenchEnvironment } from '../lib/environment.js';
import type { Integrity } from '../lib/pairDriver.js';

const CONTENT_KEY = '"content":"';

export async function natsFloor(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const publisher = await connect({ servers: env.natsUrl, name: 'bench-floor-pub' });
  const subscriber = await connect({ servers: env.natsUrl, name: 'bench-floor-sub' });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let driver: PairDriver | undefined;
  try {
    driver = new PairDriver(
      {
        pairs: settings.pairs,
        acknowledged: false,
        send: (pair, _seq, content) => {
          // The body a chat sender writes (same bytes as p2p-cross-node's 208).
          const body = `{"to_user_id":"00000000-0000-4000-8000-${String(pair).padStart(12, '0')}","content":"${content}","client_msg_id":"${content.slice(0, content.indexOf('.', content.indexOf('.', content.indexOf('.') + 1) + 1) + 1)}"}`;
          publisher.publish(`bench.floor.${pair}`, encoder.encode(body));
        },
      },
      settings.size,
    );
    const target = driver;
    for (let pair = 0; pair < settings.pairs; pair++) {
      subscriber.subscribe(`bench.floor.${pair}`, {
        callback: (_error, msg) => {
          const text = decoder.decode(msg.data);
          const mark = readMark(text, text.indexOf(CONTENT_KEY) + CONTENT_KEY.length);
          if (mark) target.delivered(mark.pair, mark.seq, mark.sentUs);
        },
      });
    }
    await subscriber.flush();
    const pids = [env.nats.pid!, process.pid];
    const cpuBefore = pids.map(cpuMs);
    const started = Date.now();
    const figures = await runP2PPhases('nats-floor', driver, settings);
    const wall = Date.now() - started;
    const cpu = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]!);
    const share = (i: number) => Math.round((cpu[i]! / wall) * 100) / 100;
    return {
      name: 'nats-floor',
      status: 'ok',
      ...figures,
      cpu_cores: { nats: share(0), load_generator: share(1) },
      ...cpuPerMessage(['nats'], cpu, (figures['integrity'] as Integrity).delivered),
      path: 'core NATS publish → subscribe, one server, 1 pub + 1 sub connection',
    };
  } finally {
    await publisher.close();
    await subscriber.close();
  }
}
