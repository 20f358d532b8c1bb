/**
 * The Redis stores on a real Redis Cluster (3 masters + 3 replicas, cluster-node-timeout 1500 ms),
 * at the store level: a P2P commit is acknowledged only once a replica holds it (WAIT), and a
 * master killed under a stream of commits loses none that were acknowledged, while the
 * connection reports the failover (degraded, then ok, epoch moved) and the presence change feed
 * keeps working across it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startRedisCluster, type RedisCluster } from '../../../infrastructure/local/lib/redisCluster.js';
import type { RedisServer } from '../../../infrastructure/local/lib/redisServer.js';
import { connectRedisPresenceStore } from '../../src/cluster/presence/redisPresenceStore.js';
import type { PresenceChange } from '../../src/cluster/presence/presenceStore.js';
import { connectRedisChatStore, NotReplicatedError } from '../../src/cluster/store/redisChatStore.js';
import { keySlot } from '../../src/cluster/store/redisSlot.js';
import type { DirectMessageInput } from '../../src/cluster/store/records.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { Redis } from 'ioredis';

let cluster: RedisCluster;
let stateDir = '';
let nextId = 1_500_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

function message(toId: number, clientMsgId: string, content: string): DirectMessageInput {
  return { msgId: clientMsgId, fromId: 7, fromUuid: 'uuid-7', toId, toInput: String(toId), content, type: 'text', sentAt: Date.now(), clientMsgId };
}

/**
 * Waits until CLUSTER SLOTS (what a store reads when it connects) lists a replica for `key`'s slot:
 * right after `--cluster create` the replica can still be missing there, and a shard without a
 * listed replica writes without waiting (by design, after a failover).
 */
async function replicaListedInSlotMap(port: number, key: string): Promise<void> {
  const slot = keySlot(key);
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  await client.connect();
  try {
    await waitFor(async () => {
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as [number, number, ...unknown[]][];
      return ranges.some(([from, to, ...nodes]) => from <= slot && slot <= to && nodes.length >= 2);
    }, 10_000, `a replica listed for slot ${slot}`);
  } finally {
    client.disconnect();
  }
}

/** The replica of the master that serves `key`. */
async function replicaOf(key: string): Promise<RedisServer> {
  const master = await cluster.masterOf(key);
  const nodes = await cluster.nodes();
  const masterId = nodes.find((node) => node.port === master.port)?.id;
  const replica = nodes.find((node) => node.masterId === masterId && !node.failing);
  const server = cluster.servers.find((candidate) => candidate.port === replica?.port);
  if (!server) throw new Error(`no replica serves ${key}`);
  return server;
}

describe('Redis Cluster: durable P2P commits and failover at the store level', { timeout: 120_000 }, () => {
  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'czc-redis-cluster-writes-'));
    cluster = await startRedisCluster({ stateDir, persistence: false, nodeTimeoutMs: 1500 });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('a P2P commit is acknowledged only once a replica has it; the retry is deduplicated', async () => {
    const toId = nextId++;
    const replica = await replicaOf(`{u:${toId}}:mbox`);
    await replicaListedInSlotMap((await cluster.masterOf(`{u:${toId}}:mbox`)).port, `{u:${toId}}:mbox`);
    const store = await connectRedisChatStore({ url: cluster.url, limits: { replicaWaitMs: 300 } });
    try {
      const pid = replica.pid as number;
      process.kill(pid, 'SIGSTOP'); // the replica stops acknowledging, well within cluster-node-timeout
      let started = Date.now();
      try {
        await assert.rejects(store.storeDirectMessage(message(toId, 'cmid-1', 'first')), (error: unknown) => error instanceof NotReplicatedError && error.code === 'REDIS_NOT_REPLICATED');
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const refusedAfter = Date.now() - started;
      assert.ok(refusedAfter >= 300 && refusedAfter < 1400, `refused after the replica wait, not before nor much later: ${refusedAfter} ms`);

      // The sender retries with the same client_msg_id: the write that did happen is found, now replicated, and acked once.
      started = Date.now();
      const retried = await store.storeDirectMessage(message(toId, 'cmid-1', 'first'));
      assert.equal(retried.duplicateOf?.content, 'first');
      assert.equal(retried.seq, 1);
      const stored = await store.storeDirectMessage(message(toId, 'cmid-2', 'second'));
      assert.deepEqual([stored.seq, stored.duplicateOf], [2, undefined]);
      const { entries } = await store.readMailbox(toId, 0, 10);
      assert.deepEqual(entries.map((entry) => entry.content), ['first', 'second']);
      assert.equal(store.health().state, 'ok');
    } finally {
      await store.close();
    }
  });

  test('kill -9 of a master under a stream of commits: every acknowledged one survives; health and the change feed follow', async () => {
    const store = await connectRedisChatStore({ url: cluster.url });
    const presence = await connectRedisPresenceStore({ url: cluster.url, reapSettleMs: 1000 });
    const changes: PresenceChange[] = [];
    presence.subscribe((change) => changes.push(change));
    try {
      const recipients = Array.from({ length: 12 }, () => nextId++);
      const victim = await cluster.masterOf(`{u:${recipients[0]}}:mbox`);
      const acked = new Map<number, string[]>(recipients.map((id) => [id, []]));
      const healthSeen = new Set<string>();
      let running = true;
      let attempts = 0;
      let failures = 0;
      const loops = recipients.map(async (toId) => {
        for (let i = 0; running; i++) {
          const content = `m${i}`;
          for (;;) {
            attempts++;
            try {
              await store.storeDirectMessage(message(toId, `${toId}-${i}`, content));
              acked.get(toId)?.push(content);
              break;
            } catch {
              failures++; // not acknowledged: retried with the same client_msg_id, like a client would
              if (!running) return;
              await sleep(50);
            }
          }
          await sleep(10);
        }
      });
      const watchHealth = setInterval(() => healthSeen.add(store.health().state), 20);
      await sleep(1000);
      const epochBefore = store.connectionEpoch();
      const killedAt = Date.now();
      await victim.kill();
      await waitFor(async () => (await cluster.masterOf(`{u:${recipients[0]}}:mbox`).catch(() => victim)) !== victim, 20_000, 'a replica to be promoted', 100);
      const promotedMs = Date.now() - killedAt;
      await waitFor(() => store.health().state === 'ok', 10_000, 'the store to be healthy again', 20);
      await sleep(1000);
      running = false;
      await Promise.all(loops);
      clearInterval(watchHealth);

      let total = 0;
      for (const [toId, contents] of acked) {
        const { entries } = await store.readMailbox(toId, 0, 100_000);
        const stored = entries.map((entry) => entry.content);
        total += contents.length;
        assert.deepEqual(stored.filter((content) => contents.includes(content)), contents, `every acknowledged commit to ${toId} is there, in order`);
        assert.equal(new Set(stored).size, stored.length, 'no commit stored twice');
      }
      console.log(`store-level master kill: acked=${total} attempts=${attempts} refused=${failures} promoted_ms=${promotedMs} health_seen=${[...healthSeen].join(',')}`);
      assert.ok(total > 200, `enough commits: ${total}`);
      assert.ok(healthSeen.has('degraded'), `the store reported the failover: ${[...healthSeen].join(',')}`);
      assert.ok(store.connectionEpoch() >= epochBefore + 2, 'a loss and a recovery moved the epoch (presence rebuilds on it)');

      // The change feed still works: a change made now reaches the subscriber, wherever it is subscribed.
      const user = nextId++;
      await presence.setOnline(user, 'feed-check');
      await waitFor(() => changes.some((change) => change.userId === user && change.kind === 'online'), 5000, 'a presence change after the failover');
      await presence.removeNode('feed-check');
    } finally {
      await Promise.allSettled([store.close(), presence.close()]);
    }
  });
});
