/**
 * `--local-cluster`: the console runtime starts its own NATS server and Redis (free ports), joins
 * them and launches 3 chat node processes; the Failover lab kills the NATS server (SIGKILL) and
 * restarts it on the same port and store, and a P2P message still goes from one launched node to
 * another afterwards. Everything it started is gone after stop().
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { startConsoleRuntime, type ConsoleRuntime } from '../../src/admin/index.js';
import type { AdminMethods, QaReport } from '../../contract/index.js';
import { ChatClient, type TextPush } from '../../src/client/index.js';
import { silentLogger } from '../../src/common/logger.js';
import { loadConsoleConfig } from '../../src/config/consoleConfig.js';
import { findOnPath } from '../../src/launch/localCluster.js';
import { FAST_HASHER, uniqueName } from '../helpers/testNode.js';
import { eventually, waitFor } from '../helpers/waitFor.js';

for (const binary of ['nats-server', 'redis-server']) {
  if (!findOnPath(binary, process.env['PATH'])) throw new Error(`${binary} is not on PATH: apt-get install nats-server redis-server`);
}

async function user(port: number, name: string): Promise<ChatClient> {
  const client = new ChatClient({ servers: [`127.0.0.1:${port}`], reconnect: { initialDelayMs: 50, maxDelayMs: 300 }, requestTimeoutMs: 10_000, heartbeatMs: false });
  client.on('error', () => {});
  await client.connect();
  assert.equal((await client.register({ username: name, password: 'pw', email: `${name}@x.test` })).code, 0);
  assert.equal((await client.login({ username: name, password: 'pw' })).code, 0);
  return client;
}

describe('console --local-cluster', { timeout: 90_000 }, () => {
  let runtime: ConsoleRuntime;
  let configDir: string;
  const clients: ChatClient[] = [];
  /** Registered in the first test, before Redis is killed: its account must survive in the AOF. */
  let aliceName = '';

  before(async () => {
    configDir = mkdtempSync(join(os.tmpdir(), 'local-cluster-console-'));
    const { config } = loadConsoleConfig(['--local-cluster', '--node-port', '0', '--node-ttl', '3s', '--log-level', 'silent'], { PATH: process.env['PATH'], CHAT_CONSOLE_CONFIG_DIR: configDir });
    runtime = await startConsoleRuntime({ config, logger: silentLogger, passwordHasher: FAST_HASHER });
  });
  after(async () => {
    for (const client of clients) await client.close();
    await runtime?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  test('3 launched nodes pass; NATS killed and restarted from the Failover lab; P2P works afterwards', async () => {
    const dispatch = <M extends keyof AdminMethods>(method: M, arg: AdminMethods[M][0]) => runtime.dispatch(method, arg) as Promise<AdminMethods[M][1]>;
    const overview = await eventually(
      () => dispatch('getOverview', null),
      (view) => ['local-1', 'local-2', 'local-3'].every((id) => view.nodes.find((node) => node.id === id)?.health === 'passing'),
      20_000,
      'local-1..3 passing',
    );
    assert.equal(overview.mode, 'cluster');

    const status = await dispatch('getFailoverStatus', null);
    const nats = status.nodes.find((node) => node.id === 'nats-1');
    assert.deepEqual([nats?.kind, nats?.route, nats?.running, nats?.actions], ['nats', 'local-process', true, ['kill', 'restart']]);
    assert.deepEqual(status.nodes.find((node) => node.id === 'redis-1')?.actions, ['kill', 'restart']);
    await assert.rejects(dispatch('controlNode', { nodeId: 'redis-1', action: 'drain' }), { code: 'NOT_AVAILABLE', message: /not drained/ });

    const chatStream = async () => {
      const nc = await connect({ servers: runtime.localCluster?.natsUrl as string, reconnect: false });
      try {
        const info = await (await jetstreamManager(nc)).streams.info('CHAT');
        return { created: info.created, messages: info.state.messages };
      } finally {
        await nc.close();
      }
    };
    const streamBefore = await chatStream();
    const killed = await dispatch('controlNode', { nodeId: 'nats-1', action: 'kill' });
    assert.equal(killed.nodes.find((node) => node.id === 'nats-1')?.running, false);
    assert.equal(runtime.localCluster?.nats.running, false);
    const restartedAt = Date.now();
    const restarted = await dispatch('controlNode', { nodeId: 'nats-1', action: 'restart' });
    assert.equal(restarted.nodes.find((node) => node.id === 'nats-1')?.running, true);
    // Back on the same port with the same store: the nodes reconnect and stay (or become) passing.
    await eventually(
      () => dispatch('getOverview', null),
      (view) => ['local-1', 'local-2', 'local-3'].every((id) => view.nodes.find((node) => node.id === id)?.health === 'passing'),
      20_000,
      'local-1..3 passing after the NATS restart',
    );
    const recoveredMs = Date.now() - restartedAt;
    const streamAfter = await chatStream();
    assert.equal(streamAfter.created, streamBefore.created, 'the CHAT stream came back from the JetStream store, not created anew');
    assert.ok(streamAfter.messages >= streamBefore.messages);

    const ports = new Map((await dispatch('getOverview', null)).nodes.map((node) => [node.id, node.port]));
    const bobName = uniqueName('lcbob');
    const bob = await user(ports.get('local-2') as number, bobName);
    aliceName = uniqueName('lcalice');
    const alice = await user(ports.get('local-1') as number, aliceName);
    clients.push(bob, alice);
    const received: string[] = [];
    bob.on('text', (push: TextPush) => received.push(push.content));
    const ack = await alice.sendText(bobName, 'after the NATS restart');
    assert.equal(ack?.status, 0);
    await waitFor(() => received.includes('after the NATS restart'), 10_000, 'P2P push from local-1 to local-2');
    console.log(`local cluster: registry passing again ${recoveredMs} ms after the NATS restart`);
  });

  test('a scenario kills and restarts redis-1 under a blast: the steps and their outcome are on the timeline', async () => {
    const dispatch = <M extends keyof AdminMethods>(method: M, arg: AdminMethods[M][0]) => runtime.dispatch(method, arg) as Promise<AdminMethods[M][1]>;
    const steps = [
      { at: 0, action: 'blast-start' as const, ratePerSec: 50, users: 4 },
      { at: 1, action: 'kill' as const, nodeId: 'redis-1' },
      { at: 2, action: 'restart' as const, nodeId: 'redis-1' },
      { at: 3, action: 'blast-stop' as const },
    ];
    const redis = new Redis(runtime.localCluster?.redisUrl as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    await redis.connect();
    await redis.set('local-cluster-test:sentinel', 'kept');
    await redis.quit();
    await dispatch('saveScenario', { name: 'kill-redis', description: 'kill and restart Redis', durationSec: 3, steps });
    await dispatch('runScenario', { name: 'kill-redis' });
    const done = await eventually(() => dispatch('getFailoverStatus', null), (status) => (status.run?.reportId ?? null) !== null, 60_000, 'the kill-redis report');
    const report = JSON.parse((await dispatch('getReport', { id: done.run?.reportId as string, format: 'json' })).content) as QaReport;
    const texts = report.timeline.filter((entry) => entry.nodeId === 'redis-1').map((entry) => entry.text);
    assert.deepEqual(texts, ['kill redis-1', 'kill redis-1 done', 'restart redis-1', 'restart redis-1 done']);
    assert.equal(report.problems.filter((problem) => /redis-1/.test(problem)).length, 0, report.problems.join('; '));
    assert.equal(runtime.localCluster?.redis.running, true);
    const after = new Redis(runtime.localCluster?.redisUrl as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
    after.on('error', () => {});
    await after.connect();
    assert.equal(await after.get('local-cluster-test:sentinel'), 'kept', 'a key written before the kill came back from the AOF');
    await after.quit();
    // The account written before the kill came back from the append-only file.
    const port = (await dispatch('getOverview', null)).nodes.find((node) => node.id === 'local-3')?.port as number;
    const again = new ChatClient({ servers: [`127.0.0.1:${port}`], reconnect: false, requestTimeoutMs: 10_000, heartbeatMs: false });
    again.on('error', () => {});
    clients.push(again);
    await again.connect();
    assert.equal((await again.login({ username: aliceName, password: 'pw' })).code, 0, `${aliceName} logs in after the Redis restart`);
    console.log(`kill-redis: ${JSON.stringify(report.counts)} verdict ${report.verdict}${report.problems.length ? ` (${report.problems.join('; ')})` : ''}`);
  });

  test('stop() ends NATS and Redis', async () => {
    const cluster = runtime.localCluster;
    assert.ok(cluster);
    await runtime.stop();
    assert.deepEqual([cluster.nats.running, cluster.redis.running], [false, false]);
  });
});
