/**
 * The admin service on the embedded sandbox: three in-process nodes on shared in-memory backends,
 * real TCP clients, stats over the bus, presence with usernames, sandbox nodes added and removed,
 * and the batched events.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ClusterOverview, PresenceChangeView, PresenceRow } from '../../contract/index.js';
import { AdminError, AdminService, ConsoleHost, startConsoleHost } from '../../src/admin/index.js';
import { DEFAULT_NODE_CONFIG, silentLogger } from '../../src/index.js';
import { RawClient } from '../helpers/rawClient.js';
import { FAST_HASHER, registerAndLogin, type TestUser } from '../helpers/testNode.js';
import { waitFor } from '../helpers/waitFor.js';

const sandboxConfig = (port: number) => ({ ...DEFAULT_NODE_CONFIG, port, logLevel: 'silent' as const });

async function allRows(service: AdminService, search: string, limit: number): Promise<PresenceRow[]> {
  const rows: PresenceRow[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await service.listPresence({ cursor, limit, search });
    rows.push(...page.rows);
    cursor = page.nextCursor;
    if (cursor === null) return rows;
  }
  throw new Error('presence paging did not end');
}

async function refusedWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof AdminError && error.code === code);
}

describe('AdminService on the embedded sandbox', () => {
  let host: ConsoleHost;
  let service: AdminService;
  const users: TestUser[] = [];
  const portOf = (nodeId: string): number => host.nodes().find((node) => node.id === nodeId)!.port;
  const connect = async (nodeId: string, prefix: string): Promise<TestUser> => {
    const user = await registerAndLogin(portOf(nodeId), prefix);
    users.push(user);
    return user;
  };

  before(async () => {
    host = new ConsoleHost({ node: sandboxConfig(0), sandboxNodes: 3, passwordHasher: FAST_HASHER });
    await host.start();
    service = new AdminService(host, { presenceFlushMs: 250 });
  });
  after(async () => {
    for (const user of users) user.client.close();
    service.close();
    await host.stop();
  });

  test('getInfo and getOverview: three passing in-process nodes, each with live stats from the bus', async () => {
    assert.deepEqual(await service.getInfo(), { version: (await service.getInfo()).version, mode: 'embedded', readOnly: false, sandbox: true });
    const overview = await service.getOverview();
    assert.equal(overview.mode, 'embedded');
    assert.equal(overview.consoleNodeId, 'node-1');
    assert.deepEqual(overview.nodes.map((node) => [node.id, node.health, node.inProcess]), [['node-1', 'passing', true], ['node-2', 'passing', true], ['node-3', 'passing', true]]);
    for (const node of overview.nodes) {
      assert.ok(node.stats, `${node.id} has stats`);
      assert.equal(node.stats.natsServer, 'memory');
      assert.ok(node.stats.rssBytes > 0 && node.stats.heapUsedBytes > 0 && node.stats.uptimeMs >= 0);
      assert.equal(node.port, portOf(node.id));
      assert.equal(node.meta['version'], (await service.getInfo()).version);
    }
    assert.deepEqual(overview.backends.map((backend) => [backend.port, backend.kind, backend.state]), [['bus', 'memory', 'ok'], ['registry', 'memory', 'ok'], ['presence', 'memory', 'ok'], ['store', 'memory', 'ok']]);
    await refusedWith(service.browseKv({ prefix: '' }), 'NOT_AVAILABLE');
  });

  test('presence lists connected users on the right nodes, with usernames, search and paging', async () => {
    const alice = await connect('node-1', 'svcAlice');
    const bob = await connect('node-1', 'svcBob');
    const carol = await connect('node-3', 'svcCarol');
    const page = await service.listPresence({ cursor: null, limit: 500, search: '' });
    const where = new Map(page.rows.map((row) => [row.userId, [row.username, row.nodeId]]));
    assert.deepEqual(where.get(alice.id), [alice.username, 'node-1']);
    assert.deepEqual(where.get(bob.id), [bob.username, 'node-1']);
    assert.deepEqual(where.get(carol.id), [carol.username, 'node-3']);
    assert.ok((page.countsByNode['node-1'] ?? 0) >= 2 && (page.countsByNode['node-3'] ?? 0) >= 1);

    assert.deepEqual((await allRows(service, 'SVCCAROL', 1)).map((row) => row.userId), [carol.id], 'case-insensitive substring');
    assert.deepEqual((await allRows(service, String(bob.id), 2)).map((row) => row.userId).includes(bob.id), true, 'exact id');
    assert.deepEqual((await allRows(service, 'svc', 1)).map((row) => row.userId).sort(), [alice.id, bob.id, carol.id].sort(), 'paged search');
    const paged = await allRows(service, '', 1);
    assert.equal(paged.length, page.rows.length, 'one row per page still lists everyone once');
    assert.deepEqual((await service.listPresence({ cursor: null, limit: 5, search: 'nobody-has-this-name' })).rows, []);
  });

  test('stats move with traffic: connections, users and message rates sampled once a second', async () => {
    const sender = await connect('node-2', 'rate');
    const receiver = await connect('node-2', 'rate');
    for (let i = 0; i < 20; i++) sender.client.send(208, { to_user_id: receiver.username, content: `m${i}` });
    for (let i = 0; i < 20; i++) await receiver.client.next(208);
    let node2: ClusterOverview['nodes'][number] | undefined;
    await waitFor(async () => {
      node2 = (await service.getOverview()).nodes.find((node) => node.id === 'node-2');
      return (node2?.stats?.msgsInPerSec ?? 0) > 0 && (node2?.stats?.msgsOutPerSec ?? 0) > 0;
    }, 3000, 'node-2 message rates');
    assert.ok(node2?.stats && node2.stats.connections >= 2 && node2.stats.users >= 2, JSON.stringify(node2?.stats));
  });

  test('presence events arrive in batches (at most 4 per second) with usernames', async () => {
    const batches: Array<{ at: number; changes: PresenceChangeView[] }> = [];
    const off = service.on('presence', (changes) => batches.push({ at: Date.now(), changes }));
    try {
      const created = await Promise.all(Array.from({ length: 8 }, (_, i) => connect(i % 2 === 0 ? 'node-1' : 'node-2', 'batch')));
      const ids = new Set(created.map((user) => user.id));
      const online = () => batches.flatMap((batch) => batch.changes).filter((change) => change.kind === 'online' && ids.has(change.userId));
      await waitFor(() => online().length === 8, 3000, 'eight online changes');
      assert.ok(batches.length < 8, `batched: ${batches.length} batches for 8 changes`);
      for (let i = 1; i < batches.length; i++) assert.ok(batches[i]!.at - batches[i - 1]!.at >= 200, 'at most 4 flushes per second');
      for (const change of online()) assert.equal(change.username, created.find((user) => user.id === change.userId)?.username);
      created[0]!.client.close();
      await waitFor(() => batches.some((batch) => batch.changes.some((change) => change.kind === 'offline' && change.userId === created[0]!.id && change.reason === 'disconnect')), 3000, 'offline change');
      assert.equal(service.eventStats().presence.dropped, 0);
    } finally {
      off();
    }
  });

  test('the overview event: a fresh one on subscribe, one per registry change, never one per message', async () => {
    const pushes: ClusterOverview[] = [];
    const off = service.on('overview', (overview) => pushes.push(overview));
    try {
      await waitFor(() => pushes.length >= 1, 2000, 'the first overview');
      const sender = await connect('node-1', 'quiet');
      const receiver = await connect('node-3', 'quiet');
      const before = pushes.length;
      const started = Date.now();
      for (let i = 0; i < 200; i++) sender.client.send(208, { to_user_id: receiver.username, content: `x${i}` });
      for (let i = 0; i < 200; i++) await receiver.client.next(208);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const seconds = (Date.now() - started) / 1000;
      assert.ok(pushes.length - before <= Math.ceil(seconds) + 2, `${pushes.length - before} overview pushes in ${seconds.toFixed(1)} s for 200 messages`);
    } finally {
      off();
    }
  });

  test('sandbox nodes can be added and removed; each change is pushed as an overview', async () => {
    const pushes: ClusterOverview[] = [];
    const off = service.on('overview', (overview) => pushes.push(overview));
    try {
      const added = await service.addSandboxNode();
      assert.equal(added.id, 'node-4');
      assert.equal(added.health, 'passing');
      assert.equal(added.inProcess, true);
      assert.ok(added.stats, 'the new node answers stats at once');
      const client = await RawClient.connect(added.port);
      assert.equal((await client.request(1, 'ping', 2)).body.toString(), 'pong');
      client.close();
      await waitFor(() => pushes.some((overview) => overview.nodes.some((node) => node.id === 'node-4')), 2000, 'an overview with node-4');

      assert.equal(await service.removeSandboxNode({ nodeId: 'node-4' }), null);
      await waitFor(() => pushes.at(-1)?.nodes.length === 3, 2000, 'an overview without node-4');
      assert.deepEqual((await service.getOverview()).nodes.map((node) => node.id), ['node-1', 'node-2', 'node-3']);
      await refusedWith(service.removeSandboxNode({ nodeId: 'node-4' }), 'NOT_FOUND');
      await refusedWith(new AdminService(host, { readOnly: true }).addSandboxNode(), 'READ_ONLY');
    } finally {
      off();
    }
  });
});

/** `count` consecutive free loopback ports, found by binding them. */
async function consecutiveFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const servers: net.Server[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const server = net.createServer();
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(base + i, '127.0.0.1', () => resolve()));
        servers.push(server);
      }
      return base;
    } catch {
      // taken: try another range
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  }
  throw new Error('no consecutive free ports');
}

describe('ConsoleHost ports', () => {
  test('sandbox nodes use consecutive ports from --node-port; an added node takes the next free one', async () => {
    const base = await consecutiveFreePorts(5);
    const blocker = net.createServer();
    const host = new ConsoleHost({ node: sandboxConfig(base), sandboxNodes: 2, passwordHasher: FAST_HASHER });
    try {
      await host.start();
      assert.deepEqual(host.nodes().map((node) => [node.id, node.port]), [['node-1', base], ['node-2', base + 1]]);
      await new Promise<void>((resolve) => blocker.listen(base + 2, '127.0.0.1', () => resolve()));
      const added = await host.addSandboxNode();
      assert.deepEqual([added.id, added.port], ['node-3', base + 3], 'skips the taken port');
      await host.removeSandboxNode('node-1');
      await host.removeSandboxNode('node-2');
      await assert.rejects(host.removeSandboxNode('node-3'), (error: unknown) => error instanceof AdminError && error.code === 'NOT_AVAILABLE');
      assert.equal(host.consoleNodeId, 'node-3');
    } finally {
      blocker.close();
      await host.stop();
    }
  });

  test('a taken first port is refused naming --node-port, and nothing is left running', async () => {
    const base = await consecutiveFreePorts(2);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(base + 1, '127.0.0.1', () => resolve()));
    const host = new ConsoleHost({ node: sandboxConfig(base), sandboxNodes: 2, passwordHasher: FAST_HASHER });
    try {
      await assert.rejects(host.start(), /--node-port: port \d+ is already in use/);
      assert.deepEqual(host.nodes(), []);
      const probe = net.connect(base, '127.0.0.1');
      await assert.rejects(new Promise((resolve, reject) => probe.once('connect', resolve).once('error', reject)), /ECONNREFUSED/);
    } finally {
      blocker.close();
    }
  });
});

describe('startConsoleHost (what the Electron main process calls)', () => {
  test('parses the console flags, dispatches through the shared dispatcher, forwards events, stops everything', async () => {
    const runtime = await startConsoleHost({ argv: ['--node-port', '0', '--nodes', '2', '--read-only'], env: {}, logger: silentLogger, passwordHasher: FAST_HASHER });
    try {
      assert.deepEqual(await runtime.dispatch('getInfo', null), { ...(await runtime.admin.service.getInfo()), mode: 'embedded', readOnly: true, sandbox: true });
      await assert.rejects(runtime.dispatch('addSandboxNode', null), (error: unknown) => (error as { code?: string }).code === 'READ_ONLY');
      const pushed: ClusterOverview[] = [];
      const off = runtime.on('overview', (overview) => pushed.push(overview));
      await waitFor(() => pushed.length > 0, 2000, 'an overview event');
      off();
      assert.deepEqual(pushed[0]!.nodes.map((node) => node.id), ['node-1', 'node-2']);
      assert.equal(pushed[0]!.readOnly, true);
    } finally {
      await runtime.stop();
    }
    assert.equal(runtime.host.running, false);
    assert.deepEqual(runtime.host.nodes(), []);
  });
});
