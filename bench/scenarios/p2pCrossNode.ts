/**
 * p2p-cross-node: `pairs` senders logged in on node A send 208s (with client_msg_id, opted in to
 * send acks) to their receivers logged in on node B. Node A stores each message in Redis
 * (append-only, fsync always), publishes it to JetStream and acknowledges the sender (1003) only
 * after the PubAck: a message counts once it is acknowledged AND delivered on B.
 */
import { Id, RawClient } from '../lib/rawClient.js';
import { PairDriver, readMark } from '../lib/pairDriver.js';
import { runP2PPhases } from '../lib/p2pPhases.js';
import { cpuMs, cpuPerMessage, startNodes, stopNodes, type BenchEnvironment } from '../lib/environment.js';
import type { Integrity } from '../lib/pairDriver.js';
import { PASSWORD, Seeder, inBatches } from '../lib/seed.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';
import { say } from '../lib/settings.js';

const CONTENT_KEY = '"content":"';
const CLIENT_MSG_ID_KEY = '"client_msg_id":"';

export async function p2pCrossNode(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const seeder = await Seeder.open(env.redisUrl);
  const senders = await seeder.users('p2p-s', settings.pairs);
  const receivers = await seeder.users('p2p-r', settings.pairs);
  await seeder.close();
  const [nodeA, nodeB] = await startNodes(env, 2, 'p2p');
  const clients: RawClient[] = [];
  try {
    const senderClients: RawClient[] = new Array(settings.pairs);
    const receiverClients: RawClient[] = new Array(settings.pairs);
    await inBatches(settings.pairs, 20, async (i) => {
      const receiver = await RawClient.connect(nodeB!.port);
      await receiver.login(receivers[i]!.username, PASSWORD);
      receiverClients[i] = receiver;
      const sender = await RawClient.connect(nodeA!.port);
      await sender.hello();
      await sender.login(senders[i]!.username, PASSWORD);
      senderClients[i] = sender;
      clients.push(receiver, sender);
    });
    const prefix = receivers.map((user) => `{"to_user_id":"${user.uuid}","content":"`);
    const driver = new PairDriver(
      {
        pairs: settings.pairs,
        acknowledged: true,
        send: (pair, _seq, content) => {
          const markEnd = content.indexOf('.', content.indexOf('.', content.indexOf('.') + 1) + 1) + 1;
          senderClients[pair]!.send(Id.Text, `${prefix[pair]}${content}","client_msg_id":"${content.slice(0, markEnd)}"}`);
        },
      },
      settings.size,
    );
    for (const sender of senderClients) {
      sender.onFrame = (id, body) => {
        if (id !== Id.SendAck) return;
        const text = body.toString('latin1');
        const mark = readMark(text, text.indexOf(CLIENT_MSG_ID_KEY) + CLIENT_MSG_ID_KEY.length);
        if (!mark) return;
        if (!text.includes('"status":0')) driver.failedAcks++;
        driver.acked(mark.pair, mark.seq, mark.sentUs);
      };
    }
    for (const receiver of receiverClients) {
      receiver.onFrame = (id, body) => {
        if (id !== Id.Text) return;
        const text = body.toString('latin1');
        const mark = readMark(text, text.indexOf(CONTENT_KEY) + CONTENT_KEY.length);
        if (mark) driver.delivered(mark.pair, mark.seq, mark.sentUs);
      };
    }
    const pids = [nodeA!.process.pid!, nodeB!.process.pid!, env.redis.pid!, env.nats.pid!, process.pid];
    const cpuBefore = pids.map(cpuMs);
    const started = Date.now();
    const figures = await runP2PPhases('p2p-cross-node', driver, settings);
    const wall = Date.now() - started;
    const cpu = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]!);
    const share = (i: number) => Math.round((cpu[i]! / wall) * 100) / 100;
    say(`p2p-cross-node: integrity ${JSON.stringify(figures['integrity'])}`);
    return {
      name: 'p2p-cross-node',
      status: 'ok',
      ...figures,
      // Cores used on average over all phases (1.0 = one core busy all the time), and CPU per message.
      cpu_cores: { node_a: share(0), node_b: share(1), redis: share(2), nats: share(3), load_generator: share(4) },
      ...cpuPerMessage(['node_a', 'node_b', 'redis', 'nats'], cpu, (figures['integrity'] as Integrity).delivered),
      path: 'TCP → node A (decode, resolve, Redis store, presence, JetStream publish + PubAck, 1003) → core NATS → node B → TCP',
    };
  } finally {
    for (const client of clients) client.close();
    await stopNodes([nodeA!, nodeB!]);
  }
}
