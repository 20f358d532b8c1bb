/**
 * group-fanout: one sender, a group of `groupMembers` spread round-robin over `groupNodes` nodes
 * (the sender on the first). Each 310 is stored in Redis, pushed to the sender node's members,
 * published to JetStream (311 after the PubAck) and pushed by the other nodes to theirs.
 * Throughput: 312 deliveries per second with `groupWindow` messages in flight. Latency: one
 * message at a time, the time until the LAST member has it (and the first).
 */
import { performance } from 'node:perf_hooks';
import { Id, RawClient } from '../lib/rawClient.js';
import { cpuMs, cpuPerMessage, startNodes, stopNodes, type BenchEnvironment } from '../lib/environment.js';
import { PASSWORD, Seeder, inBatches } from '../lib/seed.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';
import { say } from '../lib/settings.js';
import { latencyHistogram, median, percentiles, recordMs, sleep } from '../lib/stats.js';

export async function groupFanout(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const seeder = await Seeder.open(env.redisUrl);
  const users = await seeder.users('grp', settings.groupMembers);
  const groupId = await seeder.group(`bench-group-${Date.now()}`, users[0]!, users);
  await seeder.close();
  const nodes = await startNodes(env, settings.groupNodes, 'grp');
  const clients: RawClient[] = [];
  try {
    const members: RawClient[] = new Array(users.length);
    await inBatches(users.length, 50, async (i) => {
      const client = await RawClient.connect(nodes[i % nodes.length]!.port);
      await client.login(users[i]!.username, PASSWORD);
      members[i] = client;
      clients.push(client);
    });
    const sender = members[0]!;
    const receivers = members.slice(1);
    const perMessage = receivers.length;
    let deliveries = 0;
    let waiting: { target: number; resolve: () => void; firstTarget: number } | null = null;
    let firstAt = 0;
    for (const receiver of receivers) {
      receiver.countId = Id.GroupPush;
      receiver.onCount = () => {
        deliveries++;
        if (waiting && deliveries === waiting.firstTarget) firstAt = performance.now();
        if (waiting && deliveries >= waiting.target) {
          const done = waiting.resolve;
          waiting = null;
          done();
        }
      };
    }
    let acks = 0;
    let failed = 0;
    let onAck: (() => void) | null = null;
    sender.onFrame = (id, body) => {
      if (id !== Id.GroupTextResp) return;
      acks++;
      if (!body.toString('latin1').includes('"status":0')) failed++;
      onAck?.();
    };
    const content = 'g'.repeat(settings.size);
    const body = JSON.stringify({ group_id: groupId, content });
    let sent = 0;
    const send = () => {
      sent++;
      sender.send(Id.GroupText, body);
    };
    const until = (target: number, timeoutMs: number) =>
      new Promise<boolean>((resolve) => {
        if (deliveries >= target) return resolve(true);
        const timer = setTimeout(() => {
          waiting = null;
          resolve(false);
        }, timeoutMs);
        waiting = {
          target,
          firstTarget: deliveries + 1,
          resolve: () => {
            clearTimeout(timer);
            resolve(true);
          },
        };
      });

    // Warm up, then latency: one message at a time, until every member has it.
    for (let i = 0; i < 5; i++) {
      send();
      await until(sent * perMessage, 10_000);
    }
    const last = latencyHistogram();
    const first = latencyHistogram();
    for (let i = 0; i < settings.groupLatencySamples; i++) {
      const started = performance.now();
      send();
      const ok = await until(sent * perMessage, 10_000);
      if (!ok) throw new Error(`group message ${sent} did not reach all ${perMessage} members within 10 s (${deliveries} deliveries)`);
      recordMs(last, performance.now() - started);
      recordMs(first, firstAt - started);
      await sleep(5);
    }
    const firstDelivery = percentiles(first);
    const lastDelivery = percentiles(last);
    say(`group-fanout: time to last member p50 ${lastDelivery.p50_ms} ms, p99 ${lastDelivery.p99_ms} ms`);

    // Throughput: keep `groupWindow` messages in flight (the sender's 311s pace it) for the duration.
    const pids = [...nodes.map((node) => node.process.pid!), env.redis.pid!, env.nats.pid!, process.pid];
    const cpuBefore = pids.map(cpuMs);
    const rates: number[] = [];
    let throughputDeliveries = 0;
    let lastMs: number[] = [];
    for (let run = 0; run < settings.repeats; run++) {
      const startDeliveries = deliveries;
      const startSent = sent;
      const started = performance.now();
      let running = true;
      onAck = () => {
        if (running && sent - acks < settings.groupWindow) send();
      };
      for (let i = 0; i < settings.groupWindow; i++) send();
      await sleep(settings.durationMs);
      running = false;
      const ok = await until(sent * perMessage, 30_000);
      const elapsed = performance.now() - started;
      const count = deliveries - startDeliveries;
      throughputDeliveries += count;
      if (!ok) say(`group-fanout: run ${run + 1} missing ${sent * perMessage - deliveries} deliveries after 30 s`);
      rates.push((count * 1000) / elapsed);
      lastMs = [...lastMs, elapsed];
      say(`group-fanout: run ${run + 1}: ${sent - startSent} messages, ${count} deliveries in ${Math.round(elapsed)} ms = ${Math.round((count * 1000) / elapsed)}/s`);
      onAck = null;
      await sleep(300);
    }
    const measured = lastMs.reduce((a, b) => a + b, 0) + 300 * settings.repeats;
    const cpuUsed = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]!);
    const cpu = cpuUsed.map((ms) => Math.round((ms / measured) * 100) / 100);
    return {
      name: 'group-fanout',
      status: 'ok',
      throughput_msgs_per_s: Math.round(median(rates)),
      deliveries_per_s: Math.round(median(rates)),
      group_messages_per_s: Math.round(median(rates) / perMessage),
      p50_ms: lastDelivery.p50_ms,
      p99_ms: lastDelivery.p99_ms,
      p999_ms: lastDelivery.p999_ms,
      last_member_p50_ms: lastDelivery.p50_ms,
      last_member_p99_ms: lastDelivery.p99_ms,
      first_member_p50_ms: firstDelivery.p50_ms,
      members: settings.groupMembers,
      nodes: settings.groupNodes,
      // Cores used on average during the throughput runs (1.0 = one core busy all the time).
      cpu_cores: { nodes: cpu.slice(0, nodes.length), redis: cpu[nodes.length], nats: cpu[nodes.length + 1], load_generator: cpu[nodes.length + 2] },
      // Per delivery (not per group message).
      ...cpuPerMessage([...nodes.map((node) => node.id), 'redis', 'nats'], cpuUsed, throughputDeliveries),
      integrity: { sent, acknowledged: acks, failed_acks: failed, deliveries, expected_deliveries: sent * perMessage },
      note: 'throughput_msgs_per_s counts deliveries (312 frames received); p50/p99/p999 = time until the last member has a message, one message at a time',
    };
  } finally {
    for (const client of clients) client.close();
    await stopNodes(nodes);
  }
}
