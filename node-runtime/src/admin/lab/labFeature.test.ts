/**
 * The Test lab's back end over the embedded sandbox (3 in-process nodes, real TCP clients): lab
 * users spread over the nodes, single messages with their hops, and blast runs counted end to end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LabUpdate } from '../../../contract/index.js';
import { FAST_HASHER } from '../../../test/helpers/testNode.js';
import { DEFAULT_NODE_CONFIG } from '../../config/nodeConfig.js';
import { silentLogger } from '../../common/logger.js';
import { ConsoleHost } from '../consoleHost.js';
import { LabFeature } from './labFeature.js';

describe('LabFeature on the embedded sandbox', { timeout: 60_000 }, () => {
  let host: ConsoleHost;
  let lab: LabFeature;
  const updates: LabUpdate[] = [];

  before(async () => {
    host = new ConsoleHost({ node: { ...DEFAULT_NODE_CONFIG, port: 0, logLevel: 'silent' }, sandboxNodes: 3, passwordHasher: FAST_HASHER });
    await host.start();
    lab = new LabFeature({ host, readOnly: false, logger: silentLogger, now: Date.now });
    lab.on('lab', (update) => updates.push(update));
  });
  after(async () => {
    await lab?.close();
    await host?.stop();
  });

  test('createLabUsers spreads deterministic users over the healthy nodes; a pinned choice stays on its node', async () => {
    const users = await lab.handlers.createLabUsers({ count: 3, nodes: { kind: 'spread' } });
    assert.deepEqual(users.map((user) => [user.username, user.nodeId, user.state]), [
      ['lab-001', 'node-1', 'ready'],
      ['lab-002', 'node-2', 'ready'],
      ['lab-003', 'node-3', 'ready'],
    ]);
    const pinned = await lab.handlers.createLabUsers({ count: 1, nodes: { kind: 'node', nodeId: 'node-3' } });
    assert.deepEqual(pinned.map((user) => [user.username, user.nodeId]).at(-1), ['lab-004', 'node-3']);
    await assert.rejects(lab.handlers.createLabUsers({ count: 1, nodes: { kind: 'node', nodeId: 'node-9' } }), /no healthy node "node-9"/);
  });

  test('least-loaded spreads a batch with the load-aware node selection (healthy nodes only)', async () => {
    const users = await lab.handlers.createLabUsers({ count: 3, nodes: { kind: 'least-loaded' } });
    const placed = users.slice(-3).map((user) => user.nodeId);
    assert.ok(placed.every((nodeId) => ['node-1', 'node-2', 'node-3'].includes(nodeId ?? '')), placed.join(','));
    assert.ok(new Set(placed).size >= 2, `a batch is spread, not herded: ${placed.join(',')}`);
    // Back to the four users the next tests expect.
    await lab.handlers.closeLabUsers(null);
    await lab.handlers.createLabUsers({ count: 3, nodes: { kind: 'spread' } });
    await lab.handlers.createLabUsers({ count: 1, nodes: { kind: 'node', nodeId: 'node-3' } });
  });

  test('a P2P message across nodes shows send → ack → bus → deliver with the nodes of each hop', async () => {
    const view = await lab.handlers.sendLabMessage({ kind: 'p2p', from: 'lab-001', to: 'lab-002', content: 'hello across nodes' });
    assert.equal(view.status, 'delivered', JSON.stringify(view));
    assert.match(view.msgId ?? '', /.+/);
    assert.deepEqual(
      view.hops.map((hop) => [hop.step, hop.nodeId]).sort(),
      [['ack', 'node-1'], ['bus', 'node-1'], ['deliver', 'node-2'], ['send', 'node-1']],
    );
    assert.equal(view.hops.find((hop) => hop.step === 'bus')?.detail, view.subject);
    assert.match(view.subject, /^chat\.p2p\.\d+$/);
    assert.equal(view.deliveries.length, 1);
    assert.ok(view.deliveries[0]!.latencyMs >= 0 && view.deliveries[0]!.latencyMs < 5000);
    assert.ok(updates.some((update) => update.kind === 'message' && update.message.id === view.id && update.message.status === 'delivered'));
  });

  test('a P2P message within one node has no bus hop', async () => {
    const view = await lab.handlers.sendLabMessage({ kind: 'p2p', from: 'lab-003', to: 'lab-004', content: 'same node' });
    assert.equal(view.status, 'delivered');
    assert.deepEqual(view.hops.map((hop) => hop.step).sort(), ['ack', 'deliver', 'send']);
  });

  test('a group message reaches every other lab user, through chat.group.<id>', async () => {
    const view = await lab.handlers.sendLabMessage({ kind: 'group', from: 'lab-002', to: '', content: 'hello group' });
    assert.equal(view.status, 'delivered', JSON.stringify(view));
    assert.equal(view.expected, 3);
    assert.deepEqual(view.deliveries.map((delivery) => delivery.username).sort(), ['lab-001', 'lab-003', 'lab-004']);
    assert.match(view.subject, /^chat\.group\.\d+$/);
    assert.ok(view.hops.some((hop) => hop.step === 'bus'));
  });

  test('unknown users are refused with the field named', async () => {
    await assert.rejects(lab.handlers.sendLabMessage({ kind: 'p2p', from: 'lab-001', to: 'nobody', content: 'x' }), /field "to": no connected lab user "nobody"/);
  });

  test('a P2P blast counts every message: all acked and delivered once, ticks every second, percentiles', async () => {
    const view = await lab.handlers.startBlast({ pattern: 'p2p', ratePerSec: 200, durationMs: 2000, payloadBytes: 100 });
    assert.equal(view.state, 'running');
    assert.equal(view.senders, 2);
    await assert.rejects(lab.handlers.startBlast({ pattern: 'p2p', ratePerSec: 10, durationMs: 1000, payloadBytes: 16 }), /still running/);
    const final = await lab.currentBlast!.finished;
    assert.equal(final.state, 'done');
    const { counts } = final;
    const all = JSON.stringify(counts);
    // At most the target (400); at least a quarter of it when the shared machine is busy.
    assert.ok(counts.sent >= 100 && counts.sent <= 420, `about 400 sent in 2 s: ${all}`);
    assert.equal(counts.acknowledged, counts.sent, all);
    assert.equal(counts.delivered, counts.acknowledged, all);
    assert.deepEqual([counts.duplicated, counts.lost, counts.pending, counts.outOfOrder], [0, 0, 0, 0], all);
    assert.equal(final.latency.count, counts.delivered);
    assert.ok(final.latency.p50 > 0 && final.latency.p50 <= final.latency.p99 && final.latency.p99 <= final.latency.max);
    const ticks = updates.filter((update) => update.kind === 'blast' && update.tick !== null);
    assert.ok(ticks.length >= 2, `ticks: ${ticks.length}`);
    assert.ok(ticks.every((update) => update.kind === 'blast' && update.blast.runId === final.runId));
    const state = await lab.handlers.getLabState(null);
    assert.equal(state.blast?.runId, final.runId);
    assert.ok(state.blastTicks.length >= 2);
    // Mid-run counts: an acknowledged message still on its way is pending, never lost.
    assert.deepEqual(state.blastTicks.map((tick) => tick.counts.lost), state.blastTicks.map(() => 0));
  });

  test('a group blast expects one reception per other member', async () => {
    const run = await lab.startBlast({ pattern: 'group', ratePerSec: 40, durationMs: 1000, payloadBytes: 32 });
    const final = await run.finished;
    assert.equal(final.senders, 4);
    assert.ok(final.counts.acknowledged >= 30, `acked ${final.counts.acknowledged}`);
    assert.equal(final.counts.delivered, final.counts.acknowledged * 3);
    assert.deepEqual([final.counts.duplicated, final.counts.lost], [0, 0]);
  });

  test('stopBlast stops a run early; closeLabUsers closes every client', async () => {
    await lab.handlers.startBlast({ pattern: 'p2p', ratePerSec: 50, durationMs: 60_000, payloadBytes: 16 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = await lab.handlers.stopBlast(null);
    assert.equal(stopped?.state, 'stopped');
    assert.equal(stopped?.counts.lost, 0);
    const clients = lab.labUsers.map((user) => user.client);
    await lab.handlers.closeLabUsers(null);
    assert.deepEqual(clients.map((client) => client.state), ['closed', 'closed', 'closed', 'closed']);
    assert.deepEqual((await lab.handlers.getLabState(null)).users, []);
  });

  test('a node removed during a blast: its users fail over, their reconnect times are recorded, nothing acked is lost', async () => {
    const users = await lab.handlers.createLabUsers({ count: 4, nodes: { kind: 'spread' } });
    assert.equal(users.find((user) => user.username === 'lab-002')?.nodeId, 'node-2');
    const run = await lab.startBlast({ pattern: 'p2p', ratePerSec: 100, durationMs: 60_000, payloadBytes: 32 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await host.removeSandboxNode('node-2');
    const lab002 = lab.labUsers.find((user) => user.name === 'lab-002')!.client;
    const deadline = Date.now() + 10_000;
    while (!(lab002.connected && run.reconnects().some((entry) => entry.ms !== null)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await run.stop();
    const counts = await run.settle(10_000);
    const reconnect = run.reconnects().find((entry) => entry.username === 'lab-002');
    assert.ok(reconnect && reconnect.ms !== null && reconnect.ms < 10_000, JSON.stringify(run.reconnects()));
    assert.notEqual(reconnect.toServer, reconnect.fromServer);
    assert.ok(counts.acknowledged > 50, `traffic flowed: ${counts.acknowledged}`);
    assert.deepEqual([counts.lost, counts.duplicated], [0, 0], JSON.stringify(counts));
    assert.equal(counts.delivered, counts.acknowledged);
    const state = await lab.handlers.getLabState(null);
    assert.notEqual(state.users.find((user) => user.username === 'lab-002')?.nodeId, 'node-2');
  });
});
