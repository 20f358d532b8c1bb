/**
 * The console joined to a real cluster (one NATS server with JetStream, Redis, two chat node
 * processes, the NATS KV registry): its own node sees every node of the cluster with live stats
 * gathered by request/reply across processes, presence across processes, and the registry bucket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminService, ConsoleHost } from '../../src/admin/index.js';
import { DEFAULT_NODE_CONFIG } from '../../src/index.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { FAST_HASHER, registerAndLogin, type TestUser } from '../helpers/testNode.js';
import { eventually } from '../helpers/waitFor.js';

describe('AdminService joined to a real cluster (NATS, Redis, NATS KV registry, 2 node processes)', { timeout: 90_000 }, () => {
  let cluster: LocalCluster;
  let host: ConsoleHost;
  let service: AdminService;
  const users: TestUser[] = [];

  before(async () => {
    cluster = await startLocalCluster({ nodes: 2, natsServers: 1 });
    host = new ConsoleHost({
      node: { ...DEFAULT_NODE_CONFIG, id: 'console-test', port: 0, logLevel: 'silent', natsServers: cluster.natsUrls, redisUrl: cluster.redisUrl, registry: 'nats', nodeTtlMs: 3000 },
      passwordHasher: FAST_HASHER,
    });
    await host.start();
    service = new AdminService(host, { statsTimeoutMs: 1500 });
  });
  after(async () => {
    for (const user of users) user.client.close();
    service?.close();
    await host?.stop();
    await cluster?.stop();
  });

  test('the overview lists every node with stats answered over NATS by each process', async () => {
    assert.equal(host.mode, 'cluster');
    assert.deepEqual(await service.getInfo(), { ...(await service.getInfo()), mode: 'cluster', sandbox: false });
    const overview = await eventually(
      () => service.getOverview(),
      (value) => value.nodes.length === 3 && value.nodes.every((node) => node.health === 'passing' && node.stats !== null),
      15_000,
      'three passing nodes with stats',
    );
    assert.equal(overview.mode, 'cluster');
    assert.equal(overview.consoleNodeId, 'console-test');
    assert.deepEqual(overview.nodes.map((node) => [node.id, node.inProcess]), [['console-test', true], ['node-1', false], ['node-2', false]]);
    for (const node of overview.nodes) {
      assert.equal(node.stats?.natsServer, cluster.natsUrls[0], `${node.id} reports its NATS server`);
      assert.ok((node.stats?.uptimeMs ?? -1) >= 0);
    }
    const rss = overview.nodes.map((node) => node.stats?.rssBytes);
    assert.equal(new Set(rss).size, 3, 'three processes, three different RSS values');
    assert.deepEqual(overview.backends.map((backend) => [backend.port, backend.state]), [['bus', 'ok'], ['registry', 'ok'], ['presence', 'ok'], ['store', 'ok']]);
    assert.deepEqual(overview.backends.map((backend) => backend.kind !== 'memory'), [true, true, true, true]);
  });

  test('presence shows users of the other processes; stats count their connections', async () => {
    const alice = await registerAndLogin(cluster.nodes[0]!.port, 'clusterConsole');
    users.push(alice);
    const page = await eventually(
      () => service.listPresence({ cursor: null, limit: 50, search: alice.username }),
      (value) => value.rows.length === 1,
      5000,
      'alice in presence',
    );
    assert.deepEqual(page.rows.map((row) => [row.userId, row.username, row.nodeId]), [[alice.id, alice.username, 'node-1']]);
    assert.equal(page.countsByNode['node-1'], 1);
    const overview = await service.getOverview();
    assert.equal(overview.nodes.find((node) => node.id === 'node-1')?.stats?.users, 1);
  });

  test('browseKv reads the NATS KV registry bucket; sandbox changes are not available', async () => {
    const entries = await service.browseKv({ prefix: '' });
    assert.deepEqual(entries.map((entry) => entry.key).filter((key) => ['console-test', 'node-1', 'node-2'].includes(key)), ['console-test', 'node-1', 'node-2']);
    const mine = entries.find((entry) => entry.key === 'node-1');
    assert.equal(JSON.parse(mine!.value).node.id, 'node-1');
    assert.ok((mine?.modifyIndex ?? 0) > 0);
    assert.deepEqual((await service.browseKv({ prefix: 'node-2' })).map((entry) => entry.key), ['node-2']);
    await assert.rejects(service.addSandboxNode(), /embedded sandbox only/);
  });
});
