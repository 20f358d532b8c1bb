/**
 * A 3-node chat cluster (NATS x3) on a Redis Cluster of 3 masters + 3 replicas, under steady P2P
 * load with every message counted: kill -9 of the Redis master that holds the most recipients'
 * mailboxes. Its replica is promoted (cluster-node-timeout 1500 ms); ioredis follows the MOVED
 * redirections to it; the P2P commit waited for that replica (WAIT) before any of those messages
 * was acknowledged, so nothing acknowledged is lost, and the acking client sees no duplicate.
 * The killed master is then started again and rejoins as a replica. Prints the recovery times.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatClient } from '../../src/client/index.js';
import { formatCounts, P2PLoad, type LoadPair } from '../helpers/chatLoad.js';
import { startLocalClusterOnRedisCluster, type LocalClusterOnRedisCluster } from '../helpers/localCluster.js';
import { uniqueName } from '../helpers/testNode.js';
import { sleep, waitFor } from '../helpers/waitFor.js';

interface LoadUser {
  client: ChatClient;
  name: string;
  id: number;
}

/** Registers and logs in a user through the given servers (first = preferred); keeps its numeric id. */
async function loadUser(servers: string[], prefix: string): Promise<LoadUser> {
  const name = uniqueName(prefix);
  const client = new ChatClient({ servers, reconnect: { initialDelayMs: 50, maxDelayMs: 500 }, requestTimeoutMs: 12_000, heartbeatMs: 1000 });
  client.on('error', () => {});
  await client.connect();
  const registered = await client.register({ username: name, password: 'pw', email: `${name}@load.test` });
  if (registered.code !== 0 || !registered.data) throw new Error(`register ${name}: ${registered.msg}`);
  const login = await client.login({ username: name, password: 'pw' });
  if (login.code !== 0) throw new Error(`login ${name}: ${login.msg}`);
  return { client, name, id: registered.data.id };
}

async function healthOf(adminPort: number): Promise<{ status: string; backends?: Record<string, { state: string }> }> {
  return (await (await fetch(`http://127.0.0.1:${adminPort}/healthz`)).json()) as { status: string };
}

describe('Redis Cluster failover under P2P load (3 chat nodes, NATS x3, Redis 3 masters + 3 replicas)', { timeout: 240_000 }, () => {
  let cluster: LocalClusterOnRedisCluster;
  const clients: ChatClient[] = [];
  before(async () => {
    cluster = await startLocalClusterOnRedisCluster({ nodes: 3, nodeTtl: '3s', redis: { nodeTimeoutMs: 1500 } });
  });
  after(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await cluster?.stop();
  });

  test('kill -9 of a Redis master: its replica takes over, acks resume, nothing acknowledged is lost', async () => {
    const all = cluster.nodes.map((node) => node.address);
    const rotated = (first: number) => [all[first % all.length]!, ...all.filter((_, i) => i !== first % all.length)];
    const pairs: Array<LoadPair & { recipientId: number }> = [];
    for (let i = 0; i < 9; i++) {
      const sender = await loadUser(rotated(i), 'snd');
      const recipient = await loadUser(rotated(i + 1), 'rcv');
      clients.push(sender.client, recipient.client);
      pairs.push({ sender: sender.client, recipient: recipient.client, recipientName: recipient.name, senderServers: rotated(i), recipientServers: rotated(i + 1), recipientId: recipient.id });
    }
    // The victim: the master holding the most recipients' mailboxes (the P2P commit's slot).
    const owners = await Promise.all(pairs.map((pair) => cluster.redisCluster.masterOf(`{u:${pair.recipientId}}:mbox`)));
    const tally = new Map<number, number>();
    for (const owner of owners) tally.set(owner.port, (tally.get(owner.port) ?? 0) + 1);
    const victimPort = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const victim = cluster.redisCluster.servers.find((server) => server.port === victimPort)!;
    const affected = pairs.filter((_, i) => owners[i]!.port === victimPort);
    const unaffected = pairs.filter((_, i) => owners[i]!.port !== victimPort);
    assert.ok(affected.length > 0, 'some recipients live on the victim shard');

    const affectedLoad = new P2PLoad(affected, 20);
    const otherLoad = new P2PLoad(unaffected, 20);
    affectedLoad.start();
    otherLoad.start();
    await sleep(1500);
    const ackedBefore = affectedLoad.acknowledgedCount;
    assert.ok(ackedBefore > 20, `traffic flows to the victim shard before the kill: ${ackedBefore}`);

    const killedAt = Date.now();
    await victim.kill();
    // Promotion: another node serves the victim's slots (CLUSTER NODES no longer names the victim for them).
    const promotedMs = await waitFor(async () => {
      const master = await cluster.redisCluster.masterOf(`{u:${affected[0]!.recipientId}}:mbox`).catch(() => null);
      return master !== null && master.port !== victimPort;
    }, 30_000, 'a replica to be promoted', 100);
    const atKill = affectedLoad.acknowledgedCount;
    await waitFor(() => affectedLoad.acknowledgedCount >= atKill + 3 * affected.length, 30_000, 'acks to the victim shard to resume');
    const ackResumeMs = Date.now() - killedAt;
    await sleep(1000);

    // The old master comes back as a replica of the promoted one.
    const restartedAt = Date.now();
    await victim.start();
    await cluster.redisCluster.waitHealthy(30_000);
    const replicaBackMs = Date.now() - restartedAt;
    const roles = await cluster.redisCluster.nodes();
    assert.equal(roles.find((node) => node.port === victimPort)?.role, 'replica', 'the killed master rejoined as a replica');
    await sleep(1000);

    await Promise.all([affectedLoad.stop(), otherLoad.stop()]);
    const [hit, rest] = await Promise.all([affectedLoad.settle(20_000), otherLoad.settle(20_000)]);
    console.log(formatCounts('kill -9 Redis master (victim shard)', hit, { pairs: affected.length, promoted_ms: promotedMs, acks_resumed_ms: ackResumeMs, replica_back_ms: replicaBackMs }));
    console.log(formatCounts('kill -9 Redis master (other shards)', rest, { pairs: unaffected.length }));
    for (const counts of [hit, rest]) {
      assert.equal(counts.lost, 0, 'acknowledged messages lost');
      assert.equal(counts.duplicated, 0, 'duplicates seen by the acking client');
      assert.equal(counts.outOfOrder, 0, 'order per sender → recipient kept');
    }
    assert.ok(hit.acknowledged > ackedBefore + 3 * affected.length, `the victim shard took writes again: ${hit.acknowledged}`);

    // The P2P commits did wait for replicas (WAIT ran on the masters), which is what kept them.
    const waits = await Promise.all(cluster.redisCluster.servers.map(async (server) => Number(/cmdstat_wait:calls=(\d+)/.exec(await cluster.redisCluster.command(server, ['INFO', 'commandstats']))?.[1] ?? 0)));
    assert.ok(waits.reduce((sum, calls) => sum + calls, 0) > 100, `WAIT calls per server: ${waits.join(' ')}`);

    // Every chat node reports its Redis backends healthy again (no shard left without a master).
    await waitFor(async () => {
      const healths = await Promise.all(cluster.nodes.map((node) => healthOf(node.adminPort)));
      return healths.every((health) => health.status === 'ok');
    }, 15_000, 'every chat node healthy', 200);
  });
});
