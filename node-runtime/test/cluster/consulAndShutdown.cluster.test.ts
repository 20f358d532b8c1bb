/**
 * A cluster registered in Consul (the in-repo double: no Consul binary exists here): Consul going
 * away and coming back under load, SIGTERM of a node, and hostile names that must never shape a
 * bus subject.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChatClient } from '../../src/client/index.js';
import { connectNatsBus } from '../../src/cluster/bus/natsMessageBus.js';
import { connectedUser, formatCounts, P2PLoad } from '../helpers/chatLoad.js';
import { startConsulDouble, type ConsulDouble } from '../helpers/consulDouble/index.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { RawClient } from '../helpers/rawClient.js';
import { sleep, waitFor } from '../helpers/waitFor.js';



interface HealthEntry {
  Service: { ID: string; Meta: Record<string, string>; Tags: string[] };
  Checks: Array<{ Status: string }>;
}

describe('cluster registered in Consul', { timeout: 240_000 }, () => {
  let consul: ConsulDouble;
  let cluster: LocalCluster;
  const clients: ChatClient[] = [];
  const passing = async (): Promise<HealthEntry[]> => {
    const response = await fetch(`${consul.url}/v1/health/service/chat-server?passing`);
    return (await response.json()) as HealthEntry[];
  };
  before(async () => {
    consul = await startConsulDouble({ timeScale: 1 / 60 });
    cluster = await startLocalCluster({ nodes: 3, natsServers: 1, registry: 'consul', consulUrl: consul.url, nodeTtl: '3s' });
  });
  after(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await cluster?.stop();
    await consul?.stop();
  });

  test('every node registers with tags, meta, a TTL and a TCP check, and keeps passing', async () => {
    await waitFor(async () => (await passing()).length === 3, 15_000, 'three passing instances');
    const entries = await passing();
    assert.deepEqual(entries.map((entry) => entry.Service.ID).sort(), ['node-1', 'node-2', 'node-3']);
    for (const entry of entries) {
      assert.ok(entry.Service.Tags.includes('chat'));
      assert.match(entry.Service.Meta['version'] ?? '', /^\d+\.\d+\.\d+$/);
      assert.ok(entry.Checks.length >= 2, 'TTL and TCP checks (plus serfHealth)');
    }
  });

  test('Consul down and back under load: chat goes on, registry reported degraded, nodes re-register', async () => {
    const all = cluster.nodes.map((node) => node.address);
    const a = await connectedUser([all[0]!, all[1]!], 'cs');
    const b = await connectedUser([all[2]!, all[1]!], 'cr');
    clients.push(a.client, b.client);
    const load = new P2PLoad([{ sender: a.client, recipient: b.client, recipientName: b.name, senderServers: all, recipientServers: all }], 10);
    load.start();
    await sleep(500);
    await consul.goDown();
    const degradedMs = await waitFor(async () => {
      const health = (await (await fetch(`http://127.0.0.1:${cluster.nodes[0]!.adminPort}/healthz`)).json()) as { backends: Record<string, { state: string }> };
      return health.backends['registry']?.state === 'degraded';
    }, 15_000, 'the registry to be reported degraded');
    const duringOutage = load.acknowledgedCount;
    await sleep(1500);
    assert.ok(load.acknowledgedCount > duringOutage + 20, 'messages keep flowing while Consul is away');
    // The agent comes back empty (restarted): every node must register itself again.
    await consul.comeBack({ freshState: true });
    const reregisteredMs = await waitFor(async () => (await passing()).length === 3, 20_000, 'all nodes registered again');
    await load.stop();
    const counts = await load.settle(15_000);
    console.log(formatCounts('Consul down and back', counts, { registry_degraded_ms: degradedMs, reregistered_after_return_ms: reregisteredMs }));
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
  });

  test('SIGTERM: the node deregisters, closes its clients and exits 0 within 10 s; its users move on', async () => {
    const victim = cluster.nodes[2]!;
    const user = await connectedUser([victim.address, cluster.nodes[0]!.address], 'term');
    clients.push(user.client);
    const started = Date.now();
    const code = await victim.process.signalAndWait('SIGTERM');
    const exitMs = Date.now() - started;
    assert.equal(code, 0);
    assert.ok(exitMs < 10_000, `exited after ${exitMs} ms`);
    const ids = (await (await fetch(`${consul.url}/v1/health/service/chat-server`)).json()) as HealthEntry[];
    assert.ok(!ids.some((entry) => entry.Service.ID === victim.id), 'deregistered, not just critical');
    const movedMs = await waitFor(() => user.client.connected && user.client.currentServer === cluster.nodes[0]!.address, 10_000, 'the client to fail over');
    console.log(`SIGTERM ${victim.id}: exit 0 after ${exitMs} ms; client moved ${movedMs} ms later`);
    await victim.process.start();
  });

  test('hostile user names and group ids never shape a bus subject', async () => {
    const bus = await connectNatsBus({ servers: cluster.natsUrls, name: 'subject-watch' });
    const subjects: string[] = [];
    const taps = [bus.subscribe('chat.>', (m) => subjects.push(m.subject)), bus.subscribe('system.>', (m) => subjects.push(m.subject))];
    try {
      const hostile = ['a.b', 'x*', 'y>', 'sp ace', 'dot.*.>', '用户', 'chat.p2p.1'];
      const users: Array<{ client: RawClient; name: string }> = [];
      for (const [index, name] of hostile.entries()) {
        const client = await RawClient.connect(cluster.nodes[index % 2]!.port);
        const registered = await client.request(102, { username: name, password: 'pw', email: `${index}-${Date.now()}@h.test` }, 103);
        assert.equal(registered.json.code, 0, `register ${name}`);
        assert.equal((await client.request(104, { username: name, password: 'pw' }, 105)).json.code, 0);
        users.push({ client, name });
      }
      for (let i = 0; i < users.length; i++) {
        const from = users[i]!;
        const to = users[(i + 1) % users.length]!;
        from.client.send(208, { to_user_id: to.name, content: `to ${to.name}` });
        assert.equal((await to.client.next(208, 10_000)).json.content, `to ${to.name}`);
      }
      const owner = users[0]!;
      const group = await owner.client.request(215, { name: `grp.*.> ${Date.now()}` }, 216);
      await users[1]!.client.request(217, { group_id: group.json.id }, 218);
      assert.equal((await owner.client.request(310, { group_id: group.json.id, content: 'g' }, 311, 10_000)).json.status, 0);
      assert.equal((await users[1]!.client.next(312, 10_000)).json.content, 'g');
      // Group ids arrive as JSON numbers; strings, negatives and fractions are refused before any subject exists.
      for (const bad of ['1.*', -1, 1.5, '>']) {
        assert.deepEqual((await owner.client.request(310, { group_id: bad, content: 'x' }, 311)).json, { status: 1, error: 'Invalid request format' });
      }
      await sleep(300);
      assert.ok(subjects.length > 0);
      for (const subject of subjects) assert.match(subject, /^(chat\.(p2p|group)\.\d+|system\.[a-z_]+(\.\d+)?)$/, subject);
      for (const user of users) user.client.close();
    } finally {
      for (const tap of taps) tap.unsubscribe();
      await bus.close();
    }
  });
});
