/**
 * ConsulRegistry against the Consul double over real HTTP: blocking queries (not polling), index
 * reset on a snapshot restore, kill -9 (critical, then reaped), Consul down and back (degraded,
 * chat unaffected, re-registered, watch resumes), what a registration looks like in
 * /health/service, cluster settings and the KV browse, and a lost leader.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createMemoryBackends } from '../../src/cluster/backends.js';
import { connectConsulRegistry, type ConsulRegistry, type ConsulRegistryOptions } from '../../src/cluster/registry/consulRegistry.js';
import type { NodeInfo, NodeStatus } from '../../src/cluster/registry/nodeRegistry.js';
import { startConsulDouble, type ConsulDouble, type ConsulDoubleOptions } from '../helpers/consulDouble/index.js';
import { rawApi } from '../helpers/consulDouble/rawApi.js';
import { registerAndLogin, startTestNode } from '../helpers/testNode.js';
import { sleep, waitFor } from '../helpers/waitFor.js';

const LONG = { ttlMs: 10_000, deregisterCriticalAfterMs: 60_000 };

async function withConsul(options: ConsulDoubleOptions, fn: (consul: ConsulDouble, registries: (o?: Partial<ConsulRegistryOptions>) => Promise<ConsulRegistry>) => Promise<void>): Promise<void> {
  const consul = await startConsulDouble(options);
  const opened: ConsulRegistry[] = [];
  const open = async (extra: Partial<ConsulRegistryOptions> = {}) => {
    const registry = await connectConsulRegistry({ url: consul.url, tcpCheck: false, ...extra });
    opened.push(registry);
    return registry;
  };
  try {
    await fn(consul, open);
  } finally {
    for (const registry of opened) await registry.close();
    await consul.stop();
  }
}

async function listening(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function node(id: string, port: number, extra: Partial<NodeInfo> = {}): NodeInfo {
  return { id, address: '127.0.0.1', port, tags: ['chat'], meta: { version: '1.0.0' }, ...extra };
}

async function statusOf(registry: ConsulRegistry, id: string): Promise<NodeStatus | undefined> {
  return (await registry.list()).find((status) => status.id === id);
}

const healthRequests = (consul: ConsulDouble) => consul.requests.filter((r) => r.path === '/v1/health/service/chat-server');

describe('ConsulRegistry on the Consul double', () => {
  test('the watch is a blocking query: an idle 2 s window costs at most a few requests, and a change still arrives at once', async () => {
    await withConsul({}, async (consul, open) => {
      const server = await listening();
      try {
        const registry = await open({ tcpCheck: {} });
        const seen: NodeStatus[][] = [];
        registry.watch((nodes) => seen.push(nodes));
        const port = (server.address() as AddressInfo).port;
        await registry.register(node('idle-1', port), LONG);
        await registry.pass('idle-1', 'up');
        await waitFor(async () => (await statusOf(registry, 'idle-1'))?.health === 'passing', 2000, 'idle-1 passing');
        await sleep(100);
        const pending = healthRequests(consul).at(-1);
        assert.match(pending?.query ?? '', /(^|&)index=\d+/, 'the pending request carries an index');
        assert.match(pending?.query ?? '', /(^|&)wait=30000ms/, 'and a wait');

        consul.clearRequests();
        await sleep(2000);
        const idle = healthRequests(consul).length;
        console.log(`idle window: ${idle} watch requests, ${consul.requests.length} requests in total over 2000 ms`);
        assert.ok(idle <= 2, `${idle} watch requests in an idle 2 s window: a poll loop?`);
        assert.ok(consul.requests.length <= 3);

        // An output-only pass is a deferred sync in Consul (check_update_interval), so change membership instead.
        const before = seen.length;
        const startedAt = Date.now();
        await registry.register(node('idle-2', port), LONG);
        await waitFor(() => seen.slice(before).some((nodes) => nodes.some((n) => n.id === 'idle-2')), 1000, 'the change to reach the watcher');
        console.log(`change delivered ${Date.now() - startedAt} ms after the write (woken blocking query)`);
      } finally {
        server.close();
      }
    });
  });

  test('an index that goes backwards (snapshot restore) resets the watch to a fresh read, which then blocks again', async () => {
    await withConsul({}, async (consul, open) => {
      const registry = await open();
      const seen: NodeStatus[][] = [];
      registry.watch((nodes) => seen.push(nodes));
      await registry.register(node('keep-1', 7001), LONG);
      await waitFor(async () => (await statusOf(registry, 'keep-1')) !== undefined, 2000, 'keep-1 listed');
      const snapshot = consul.snapshot();
      await registry.register(node('late-1', 7002), LONG);
      await waitFor(async () => (await statusOf(registry, 'late-1')) !== undefined, 2000, 'late-1 listed');
      // Restore while the watch's blocking query is in flight: Consul abandons it, it answers at once with the lower index.
      await waitFor(() => healthRequests(consul).some((r) => r.status === undefined && r.query.includes(`index=${consul.state.serviceIndex('chat-server')}`)), 2000, 'a blocking query in flight');
      const resetsBefore = registry.stats().indexResets;
      consul.clearRequests();

      consul.restoreSnapshot(snapshot);
      await waitFor(async () => (await statusOf(registry, 'late-1')) === undefined, 2000, 'late-1 gone after the restore');
      assert.equal(registry.stats().indexResets, resetsBefore + 1);
      // The loop's next request is a plain read (paced by its token bucket), then it blocks on the new, lower index.
      await waitFor(() => healthRequests(consul).some((r) => !r.query.includes('index=')), 1000, 'a plain read after the reset');
      assert.ok(await statusOf(registry, 'keep-1'), 'what the snapshot held is still listed');

      const startedAt = Date.now();
      await registry.register(node('new-1', 7003), LONG);
      await waitFor(() => seen.some((nodes) => nodes.some((n) => n.id === 'new-1')), 1000, 'a change after the restore to reach the watcher');
      assert.ok(Date.now() - startedAt < 1000, 'not stuck blocking on the old, higher index');
    });
  });

  test('a restore between two requests: the old index blocks for the whole wait, then the lower index resets the watch', async () => {
    await withConsul({}, async (consul, open) => {
      // Slow pacing (1 request per 600 ms) leaves a gap after each response with no request in flight.
      const registry = await open({ watch: { waitMs: 300, burst: 1, refillMs: 600 } });
      await registry.register(node('keep-2', 7004), LONG);
      await waitFor(async () => (await statusOf(registry, 'keep-2')) !== undefined, 3000, 'keep-2 listed');
      const snapshot = consul.snapshot();
      await registry.register(node('late-2', 7005), LONG);
      await waitFor(async () => (await statusOf(registry, 'late-2')) !== undefined, 3000, 'late-2 listed');
      assert.ok(!healthRequests(consul).some((r) => r.status === undefined), 'no watch request in flight');
      const restoredAt = Date.now();
      consul.restoreSnapshot(snapshot);
      await waitFor(async () => (await statusOf(registry, 'late-2')) === undefined, 3000, 'late-2 gone');
      const noticedAfter = Date.now() - restoredAt;
      console.log(`restore between requests noticed after ${noticedAfter} ms (pacing + the full 300 ms wait on the old index)`);
      assert.ok(noticedAfter >= 290, `noticed after ${noticedAfter} ms: the old index must block for the whole wait`);
      assert.ok(registry.stats().indexResets >= 1);
    });
  });

  test('the registry never goes backwards: a slow, older watch answer does not overwrite a newer direct read', async () => {
    await withConsul({}, async (consul, open) => {
      // The watch's first read is answered from the state at its arrival (empty) but delivered 300 ms later.
      consul.delayResponses({ path: '/v1/health/service/chat-server', ms: 300, count: 1 });
      const registry = await open();
      const seen: NodeStatus[][] = [];
      registry.watch((nodes) => seen.push(nodes));
      await registry.register(node('mono-1', 7030), LONG);
      await registry.pass('mono-1', 'up');
      await waitFor(async () => (await statusOf(registry, 'mono-1'))?.health === 'passing', 1000, 'passing (direct read)');
      await sleep(500); // the stale answer has arrived by now
      const first = seen.findIndex((nodes) => nodes.some((n) => n.id === 'mono-1' && n.health === 'passing'));
      assert.ok(first >= 0);
      const later = seen.slice(first).map((nodes) => nodes.find((n) => n.id === 'mono-1')?.health ?? 'absent');
      assert.deepEqual([...new Set(later)], ['passing'], `after passing, watchers saw: ${later.join(', ')}`);
      assert.equal((await statusOf(registry, 'mono-1'))?.health, 'passing');
    });
  });

  test('kill -9: a node that stops passing goes critical (TTL and TCP checks), then is reaped', async () => {
    await withConsul({ timing: { deregisterMinimumMs: 300, reapIntervalMs: 100, minCheckIntervalMs: 20 } }, async (consul, open) => {
      const server = await listening();
      const port = (server.address() as AddressInfo).port;
      const victim = await open({ tcpCheck: { intervalMs: 50, timeoutMs: 500 } });
      const observer = await open();
      const seen: NodeStatus[][] = [];
      observer.watch((nodes) => seen.push(nodes));
      await victim.register(node('victim-1', port), { ttlMs: 300, deregisterCriticalAfterMs: 300 });
      await victim.pass('victim-1', 'alive');
      await waitFor(async () => (await statusOf(observer, 'victim-1'))?.health === 'passing', 2000, 'victim passing');

      // kill -9: the port closes and nobody passes or deregisters any more.
      const killedAt = Date.now();
      await victim.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));

      await waitFor(async () => (await statusOf(observer, 'victim-1'))?.health === 'critical', 1000, 'victim critical');
      const criticalAfter = Date.now() - killedAt;
      const checks = ((await rawApi(consul.url, 'GET', '/v1/health/service/chat-server')).json as { Checks: { CheckID: string; Output: string }[] }[])[0]?.Checks ?? [];
      // A probe racing the listener's close sees a reset instead of a refusal: either way the TCP check failed.
      assert.match(checks.find((c) => c.CheckID === 'service:victim-1:tcp')?.Output ?? '', /^dial tcp 127\.0\.0\.1:\d+: connect.*(connection refused|ECONNREFUSED|ECONNRESET)/);
      await waitFor(async () => (await statusOf(observer, 'victim-1'))?.output === 'TTL expired', 1000, 'TTL expired');
      await waitFor(async () => (await statusOf(observer, 'victim-1')) === undefined, 2000, 'victim reaped');
      const reapedAfter = Date.now() - killedAt;
      console.log(`kill -9: critical after ${criticalAfter} ms (TCP check), reaped after ${reapedAfter} ms (TTL 300 + deregister-after 300 + reap tick 100)`);
      assert.ok(reapedAfter >= 550, `reaped ${reapedAfter} ms after the kill, before TTL + deregister-after`);
      const critical = seen.findIndex((nodes) => nodes.find((n) => n.id === 'victim-1')?.health === 'critical');
      assert.ok(critical >= 0);
      assert.ok(seen.slice(critical).some((nodes) => !nodes.some((n) => n.id === 'victim-1')), 'the watcher saw it go');
    });
  });

  test('Consul down and back: degraded, pass() keeps resolving, then re-registered and watched again', async () => {
    await withConsul({}, async (consul, open) => {
      const registry = await open({ watch: { minBackoffMs: 20, maxBackoffMs: 200 } });
      const seen: NodeStatus[][] = [];
      registry.watch((nodes) => seen.push(nodes));
      await registry.register(node('survivor-1', 7010), LONG);
      await registry.pass('survivor-1', 'up');
      await waitFor(async () => (await statusOf(registry, 'survivor-1'))?.health === 'passing', 2000, 'passing');
      assert.equal(registry.health().state, 'ok');

      await consul.goDown();
      await waitFor(() => registry.health().state === 'degraded', 2000, 'degraded');
      assert.match(registry.health().detail, new RegExp(`^consul unreachable at ${consul.url} — chat continues, registry entry may be stale`));
      await registry.pass('survivor-1', 'up'); // resolves, counted
      assert.ok(registry.stats().passFailures >= 1);
      assert.equal((await statusOf(registry, 'survivor-1'))?.health, 'passing', 'list() serves the last known state');

      // The agent restarts with nothing: the node must register itself again.
      const downAt = Date.now();
      await consul.comeBack({ freshState: true });
      await waitFor(() => registry.health().state === 'ok', 2000, 'ok again');
      await waitFor(async () => (await statusOf(registry, 'survivor-1'))?.health === 'passing', 2000, 're-registered and passing');
      console.log(`Consul back: re-registered and listed ${Date.now() - downAt} ms after comeBack`);
      assert.ok(registry.stats().reRegistrations >= 1);
      const services = (await rawApi(consul.url, 'GET', '/v1/agent/services')).json as Record<string, unknown>;
      assert.ok(services['survivor-1'], 'the agent has the registration again');

      const before = seen.length;
      await registry.register(node('newcomer-1', 7011), LONG);
      await waitFor(() => seen.slice(before).some((nodes) => nodes.some((n) => n.id === 'newcomer-1')), 1000, 'the watch delivers again');
    });
  });

  test('a chat node starts and serves while Consul is down, and registers itself once Consul is back', async () => {
    await withConsul({}, async (consul) => {
      await consul.goDown();
      const registry = await connectConsulRegistry({ url: consul.url, watch: { minBackoffMs: 20, maxBackoffMs: 200 } });
      const chat = await startTestNode({ id: 'chat-during-outage' }, { backends: { ...createMemoryBackends(), registry } });
      try {
        assert.equal(registry.health().state, 'degraded');
        const user = await registerAndLogin(chat.port, 'outage');
        assert.ok(user.id > 0, 'chat works without Consul');
        user.client.socket.destroy();
        await consul.comeBack();
        await waitFor(async () => (await statusOf(registry, 'chat-during-outage'))?.health === 'passing', 3000, 'the node registered and passing');
        const entry = ((await rawApi(consul.url, 'GET', '/v1/health/service/chat-server?passing')).json as { Service: { ID: string; Port: number } }[])[0];
        assert.equal(entry?.Service.ID, 'chat-during-outage');
        assert.equal(entry?.Service.Port, chat.port);
      } finally {
        await chat.stop();
        await registry.close();
      }
      assert.equal(((await rawApi(consul.url, 'GET', '/v1/health/service/chat-server')).json as unknown[]).length, 0, 'a graceful stop deregisters');
    });
  });

  test('a registration in /health/service: meta (Consul-safe keys), tags, TTL + TCP + serfHealth checks', async () => {
    await withConsul({}, async (consul, open) => {
      const server = await listening();
      try {
        const registry = await open({ tcpCheck: {} });
        const port = (server.address() as AddressInfo).port;
        const info = node('shape-1', port, { tags: ['chat', 'realtime', 'zinx'], meta: { version: '1.2.3', 'admin.port': '9100', start_time: '1700000000' } });
        await registry.register(info, { ttlMs: 10_000, deregisterCriticalAfterMs: 30_000 });
        await registry.pass('shape-1', 'started');
        const [entry] = (await rawApi(consul.url, 'GET', '/v1/health/service/chat-server?passing')).json as {
          Service: { ID: string; Tags: string[]; Meta: Record<string, string>; Address: string; Port: number };
          Checks: { CheckID: string; Status: string; Output: string; Type: string; Definition: Record<string, string> }[];
        }[];
        assert.ok(entry, 'listed as passing');
        assert.deepEqual(entry.Service.Tags, ['chat', 'realtime', 'zinx']);
        assert.deepEqual(entry.Service.Meta, { version: '1.2.3', admin_port: '9100', start_time: '1700000000' });
        assert.equal(entry.Service.Address, '127.0.0.1');
        assert.equal(entry.Service.Port, port);
        assert.deepEqual(entry.Checks.map((c) => c.CheckID), ['serfHealth', 'service:shape-1:tcp', 'service:shape-1:ttl']);
        const ttl = entry.Checks.find((c) => c.CheckID === 'service:shape-1:ttl');
        assert.equal(ttl?.Output, 'started');
        assert.equal(ttl?.Definition['TTL'], '10s');
        assert.equal(ttl?.Definition['DeregisterCriticalServiceAfter'], '1m0s', "Consul raises 30 s to its 1 min minimum");
        const tcp = entry.Checks.find((c) => c.CheckID === 'service:shape-1:tcp');
        assert.equal(tcp?.Type, 'tcp');
        assert.equal(tcp?.Definition['TCP'], `127.0.0.1:${port}`);
        assert.equal(tcp?.Definition['Interval'], '10s');
        const status = await statusOf(registry, 'shape-1');
        assert.deepEqual(status?.meta, entry.Service.Meta);
        assert.equal(status?.output, 'started');
      } finally {
        server.close();
      }
    });
  });

  test('cluster settings are JSON under the KV prefix; the KV browse lists values read-only', async () => {
    await withConsul({}, async (consul, open) => {
      const registry = await open();
      assert.deepEqual(await registry.readClusterSettings(), { values: {}, problems: [] }, 'nothing there yet');
      await rawApi(consul.url, 'PUT', '/v1/kv/chat-cluster/limits/maxFrame', '65536');
      await rawApi(consul.url, 'PUT', '/v1/kv/chat-cluster/motd', '"hello"');
      await rawApi(consul.url, 'PUT', '/v1/kv/chat-cluster/broken', '{nope');
      await rawApi(consul.url, 'PUT', '/v1/kv/chat-cluster/folder/', '');
      await rawApi(consul.url, 'PUT', '/v1/kv/chat-cluster/blob', Buffer.from([0xff, 0xfe, 0x00]));
      await rawApi(consul.url, 'PUT', '/v1/kv/elsewhere', 'x');
      const settings = await registry.readClusterSettings();
      assert.deepEqual(settings.values['limits/maxFrame'], 65536);
      assert.equal(settings.values['motd'], 'hello');
      assert.equal(settings.problems.length, 2, JSON.stringify(settings.problems));
      assert.match(settings.problems.join('\n'), /chat-cluster\/broken: not valid JSON/);
      const entries = await registry.kvList();
      assert.deepEqual(entries.map((e) => e.key), ['chat-cluster/blob', 'chat-cluster/broken', 'chat-cluster/folder/', 'chat-cluster/limits/maxFrame', 'chat-cluster/motd']);
      const blob = entries.find((e) => e.key === 'chat-cluster/blob');
      assert.equal(blob?.binary, true);
      assert.equal(blob?.value, Buffer.from([0xff, 0xfe, 0x00]).toString('base64'));
      assert.equal(entries.find((e) => e.key === 'chat-cluster/folder/')?.value, null);
      assert.equal(entries.find((e) => e.key === 'chat-cluster/motd')?.value, '"hello"');
      assert.equal((await registry.kvList('elsewhere')).length, 1);
      assert.deepEqual(await registry.kvList('nothing/here/'), []);
    });
  });

  test('a cluster without a leader makes the registry degraded until the leader is back', async () => {
    await withConsul({}, async (consul, open) => {
      const registry = await open({ watch: { minBackoffMs: 20, maxBackoffMs: 100 } });
      await registry.register(node('leader-1', 7020), LONG);
      await waitFor(async () => (await statusOf(registry, 'leader-1')) !== undefined, 2000, 'listed');
      consul.setLeader(false);
      await registry.register(node('leader-2', 7021), LONG); // wakes the watch, whose re-read now fails
      await waitFor(() => registry.health().state === 'degraded', 2000, 'degraded');
      assert.match(registry.health().detail, /has no cluster leader/);
      consul.setLeader(true);
      await waitFor(() => registry.health().state === 'ok', 5000, 'ok'); // generous: CI machines run this beside cluster tests
      await waitFor(async () => (await statusOf(registry, 'leader-2')) !== undefined, 2000, 'leader-2 listed');
    });
  });
});
