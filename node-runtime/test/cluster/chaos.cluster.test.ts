/**
 * Failures under steady P2P load, every message counted: kill -9 of a chat node, kill -9 of a NATS
 * server of three, a Redis restart. Zero acknowledged messages may be lost and the acking client
 * must see zero duplicates. Each scenario prints its counts and recovery times.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ChatClient } from '../../src/client/index.js';
import { connectedUser, formatCounts, P2PLoad, type LoadPair } from '../helpers/chatLoad.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { sleep, waitFor } from '../helpers/waitFor.js';



/** Pairs whose senders and recipients sit on the given nodes; each lists every node for failover. */
async function makePairs(cluster: LocalCluster, layout: Array<[number, number]>, clients: ChatClient[]): Promise<LoadPair[]> {
  const all = cluster.nodes.map((node) => node.address);
  const rotated = (first: number) => [all[first]!, ...all.filter((_, i) => i !== first)];
  const pairs: LoadPair[] = [];
  for (const [senderNode, recipientNode] of layout) {
    const sender = await connectedUser(rotated(senderNode), 'snd');
    const recipient = await connectedUser(rotated(recipientNode), 'rcv');
    clients.push(sender.client, recipient.client);
    pairs.push({ sender: sender.client, recipient: recipient.client, recipientName: recipient.name, senderServers: rotated(senderNode), recipientServers: rotated(recipientNode) });
  }
  return pairs;
}

describe('chaos under P2P load (3 nodes, NATS x3, Redis)', { timeout: 300_000 }, () => {
  let cluster: LocalCluster;
  const clients: ChatClient[] = [];
  before(async () => {
    cluster = await startLocalCluster({ nodes: 3, nodeTtl: '3s' });
  });
  after(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await cluster?.stop();
  });

  test('kill -9 of a chat node: its users fail over, survivors clean its presence, nothing acked is lost', async () => {
    // Senders and recipients on the victim (node-2) and elsewhere.
    const pairs = await makePairs(cluster, [[0, 1], [1, 2], [2, 1], [1, 0], [0, 2], [2, 0]], clients);
    const load = new P2PLoad(pairs, 20);
    load.start();
    await sleep(2000);
    const victim = cluster.nodes[1]!;
    const onVictim = pairs.filter((pair) => pair.recipient.currentServer === victim.address).map((pair) => pair.recipient);
    const killedAt = Date.now();
    await victim.process.kill();
    await waitFor(() => onVictim.every((client) => client.connected && client.currentServer !== victim.address), 20_000, 'clients to fail over');
    const reconnectMs = Date.now() - killedAt;
    await waitFor(async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${cluster.nodes[0]!.adminPort}/healthz`)).json() as { status: string };
      return metrics.status === 'ok' && (await presenceOf(cluster, 'node-2')) === 0;
    }, 20_000, 'presence of the dead node to be reaped');
    const presenceMs = Date.now() - killedAt;
    await waitFor(async () => (await registryHealth(cluster, 'node-2')) === 'critical', 20_000, 'the registry to mark node-2 critical');
    const registryMs = Date.now() - killedAt;
    await sleep(1000);
    await load.stop();
    const counts = await load.settle(20_000);
    console.log(formatCounts('kill -9 node-2', counts, { reconnect_ms: reconnectMs, presence_cleaned_ms: presenceMs, registry_critical_ms: registryMs, since_kill_ms: Date.now() - killedAt }));
    assert.ok(counts.acknowledged > 100, `enough traffic: ${counts.acknowledged}`);
    assert.equal(counts.lost, 0, 'acknowledged messages lost');
    assert.equal(counts.duplicated, 0, 'duplicates seen by the acking client');
    assert.equal(counts.outOfOrder, 0, 'order per sender → recipient kept');
    // Bring node-2 back for the next scenarios.
    await victim.process.start();
  });

  test('kill -9 of one NATS server of three: nodes reconnect, traffic resumes, nothing acked is lost', async () => {
    const pairs = await makePairs(cluster, [[0, 1], [1, 2], [2, 0]], clients);
    const load = new P2PLoad(pairs, 20);
    load.start();
    await sleep(1500);
    const before = load.acknowledgedCount;
    const victim = cluster.natsServers[0]!;
    await victim.kill();
    const killedAt = Date.now();
    const resumeMs = await waitFor(() => load.acknowledgedCount > before + 100, 30_000, 'acks to resume');
    await sleep(1500);
    await load.stop();
    const counts = await load.settle(20_000);
    console.log(formatCounts('kill -9 one NATS server', counts, { traffic_resumed_ms: resumeMs, since_kill_ms: Date.now() - killedAt }));
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
    assert.equal(counts.outOfOrder, 0);
    await victim.start();
  });

  test('Redis restart: nodes reconnect and rebuild presence from their live connections, nothing acked is lost', async () => {
    const pairs = await makePairs(cluster, [[0, 1], [1, 2], [2, 0]], clients);
    const load = new P2PLoad(pairs, 20);
    load.start();
    await sleep(1500);
    const restartedAt = Date.now();
    await cluster.redis.restart();
    const before = load.acknowledgedCount;
    const resumeMs = await waitFor(() => load.acknowledgedCount > before + 60, 30_000, 'acks to resume after the restart');
    const presenceMs = await waitFor(async () => (await presenceOf(cluster, 'node-1')) > 0, 20_000, 'presence rebuilt');
    await sleep(1000);
    await load.stop();
    const counts = await load.settle(20_000);
    console.log(formatCounts('Redis restart', counts, { traffic_resumed_ms: resumeMs, presence_rebuilt_ms: presenceMs, since_restart_ms: Date.now() - restartedAt }));
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
    assert.equal(counts.outOfOrder, 0);
    for (const node of cluster.nodes) {
      assert.match(readFileSync(node.logFile, 'utf8'), /event=presence_rebuilt/, `${node.id} rebuilt its presence after the restart`);
    }
  });
});

/** A node's health as the cluster's registry (the NATS KV bucket) reports it. */
async function registryHealth(cluster: LocalCluster, nodeId: string): Promise<string | undefined> {
  const { connectNatsKvRegistry } = await import('../../src/cluster/registry/natsKvRegistry.js');
  const registry = await connectNatsKvRegistry({ servers: cluster.natsUrls, name: 'chaos-test-registry' });
  try {
    return (await registry.list()).find((node) => node.id === nodeId)?.health;
  } finally {
    await registry.close();
  }
}

/** Users a node has in presence, read from a surviving node's metrics-free path: Redis directly. */
async function presenceOf(cluster: LocalCluster, nodeId: string): Promise<number> {
  const { connectRedisPresenceStore } = await import('../../src/cluster/presence/redisPresenceStore.js');
  const presence = await connectRedisPresenceStore({ url: cluster.redisUrl });
  try {
    return (await presence.usersOn(nodeId)).length;
  } finally {
    await presence.close();
  }
}
