/**
 * The Failover lab's node control in a real cluster (one NATS server, Redis, NATS KV registry): a
 * node process the console launched itself is killed (SIGKILL: the registry turns it critical),
 * restarted and drained; a node process started without the admin secret does not answer signed
 * commands; the console's own node is never offered.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createConsoleAdmin, type ConsoleAdmin } from '../../src/admin/consoleAdmin.js';
import { ConsoleHost } from '../../src/admin/index.js';
import { DEFAULT_NODE_CONFIG } from '../../src/index.js';
import { silentLogger } from '../../src/common/logger.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { FAST_HASHER } from '../helpers/testNode.js';
import { eventually } from '../helpers/waitFor.js';

const SECRET = 'cluster-test-secret-0123456789';

describe('failover node control in a real cluster', { timeout: 120_000 }, () => {
  let cluster: LocalCluster;
  let host: ConsoleHost;
  let admin: ConsoleAdmin;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'failover-cluster-'));
    cluster = await startLocalCluster({ nodes: 1, natsServers: 1, nodeTtl: '2s' });
    host = new ConsoleHost({
      node: { ...DEFAULT_NODE_CONFIG, id: 'console-f', port: 0, logLevel: 'silent', natsServers: cluster.natsUrls, redisUrl: cluster.redisUrl, registry: 'nats', nodeTtlMs: 2000, adminSecret: SECRET },
      passwordHasher: FAST_HASHER,
    });
    await host.start();
    admin = createConsoleAdmin(host, { logger: silentLogger, settings: { file: join(dir, 'settings.json'), source: 'flags', startedWith: { nats: '', redis: '', consul: '', registry: '' } } });
  });
  after(async () => {
    await admin?.close();
    await host?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const health = async (id: string) => (await host.backends.registry.list()).find((node) => node.id === id)?.health ?? 'absent';
  const waitHealth = (id: string, wanted: string, ms = 15_000) => eventually(() => health(id), (value) => value === wanted, ms, `${id} ${wanted}`);

  test('a launched node process is killed, restarted and drained; the registry follows', async () => {
    const { failover } = admin;
    const launched = await failover.handlers.launchLocalNode(null);
    assert.equal(launched.canLaunch, true);
    assert.deepEqual(launched.nodes.find((node) => node.id === 'local-1'), { id: 'local-1', route: 'local-process', running: true, actions: ['drain', 'kill', 'restart'], note: 'launched by this console' });
    await waitHealth('local-1', 'passing');

    const killedAt = Date.now();
    await failover.handlers.controlNode({ nodeId: 'local-1', action: 'kill' });
    assert.equal((await failover.handlers.getFailoverStatus(null)).nodes.find((node) => node.id === 'local-1')?.running, false);
    await waitHealth('local-1', 'critical');
    const criticalMs = Date.now() - killedAt;

    await failover.handlers.controlNode({ nodeId: 'local-1', action: 'restart' });
    await waitHealth('local-1', 'passing');
    await failover.handlers.controlNode({ nodeId: 'local-1', action: 'drain' });
    await waitHealth('local-1', 'absent', 5000);
    console.log(`failover cluster: launched node SIGKILL → critical after ${criticalMs} ms (--node-ttl 2s)`);
  });

  test('a node without the admin secret does not answer signed commands; the console’s own node is not offered', async () => {
    const { failover } = admin;
    const status = await failover.handlers.getFailoverStatus(null);
    assert.equal(status.remoteControl, true);
    assert.deepEqual(status.nodes.find((node) => node.id === 'console-f')?.actions, []);
    assert.deepEqual(status.nodes.find((node) => node.id === 'node-1')?.actions, ['drain', 'kill']);
    await assert.rejects(failover.handlers.controlNode({ nodeId: 'node-1', action: 'kill' }), /node-1 did not answer on admin\.control\.node-1 \(is it running, started with --admin-secret\?\)/);
    assert.ok(cluster.nodes[0]?.process.running, 'node-1 still runs');
    await assert.rejects(failover.handlers.controlNode({ nodeId: 'console-f', action: 'kill' }), /console's own node/);
  });
});
