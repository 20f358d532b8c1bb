/**
 * The Traffic feature's NATS tap against a real nats-server: it sees JetStream publishes of the
 * bus (a core wildcard subscription), counts a burst exactly, and reports its connection's drop
 * and return to onBusEvent (what the Failover lab's timeline reads) when the server restarts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsHandle } from '../../../infrastructure/local/lib/natsServers.js';
import { TrafficFeature, type TrafficBusEvent } from '../../src/admin/traffic/trafficFeature.js';
import { connectNatsBus, type NatsMessageBus } from '../../src/cluster/bus/natsMessageBus.js';
import { openNatsBusTap } from '../../src/cluster/bus/natsBusTap.js';
import { silentLogger } from '../../src/common/logger.js';
import { waitFor } from '../helpers/waitFor.js';

describe('NATS traffic tap', { timeout: 60_000 }, () => {
  let stateDir: string;
  let nats: NatsHandle;
  let bus: NatsMessageBus;
  let raw: NatsConnection;
  let traffic: TrafficFeature;
  const events: TrafficBusEvent[] = [];
  let release: () => void;

  before(async () => {
    stateDir = mkdtempSync(join(os.tmpdir(), 'traffic-tap-'));
    nats = await startNatsServer({ stateDir });
    bus = await connectNatsBus({ servers: [nats.url], name: 'tap-test-bus', replicas: 1 });
    raw = await connect({ servers: [nats.url] });
    traffic = new TrafficFeature(
      { host: null as never, readOnly: false, logger: silentLogger, now: Date.now },
      { batchMs: 100, openTap: (handler) => openNatsBusTap({ servers: [nats.url], name: 'tap-test', reconnectWaitMs: 100, reconnectJitterMs: 50 }, handler) },
    );
    traffic.onBusEvent((event) => events.push(event));
    release = await traffic.hold();
  });
  after(async () => {
    release?.();
    await traffic?.close();
    await raw?.close();
    await bus?.close();
    await nats?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('sees JetStream publishes of the bus with their subjects, and counts a burst exactly', async () => {
    assert.deepEqual([traffic.status().source, traffic.status().connection], ['nats', 'connected']);
    const envelope = { kind: 'group', origin: 'x', node: 'node-7', pushedAt: 1, record: { id: 1, msgId: 'g1', groupId: 42, senderId: 5, senderUuid: 'u', senderName: 'eve', content: 'stored first', createdAt: 1 } };
    await bus.publish('chat.group.42', Buffer.from(JSON.stringify(envelope)));
    await bus.publish('system.node-up', Buffer.from('{"node":"n"}'));
    for (let i = 0; i < 5000; i++) raw.publish('chat.p2p.77', 'not an envelope');
    await raw.flush();
    await waitFor(() => traffic.counters()?.seen === 5002, 5000, 'every message counted');
    assert.deepEqual(traffic.counters(), { seen: 5002, seenBytes: traffic.counters()!.seenBytes, matched: 5002, shown: traffic.counters()!.shown, undecodable: 5001 });
    // Once the seconds close, onBusEvent has the rates: per publishing node, from the envelope.
    const byNode = () => {
      const sums: Record<string, number> = {};
      for (const event of events) if (event.type === 'rate') for (const [node, msgs] of Object.entries(event.point.byNode)) sums[node] = (sums[node] ?? 0) + msgs;
      return sums;
    };
    await waitFor(() => (byNode()['node-7'] ?? 0) + (byNode()['?'] ?? 0) === 5002, 5000, 'the rates of every message');
    assert.deepEqual(byNode(), { 'node-7': 1, '?': 5001 });
  });

  test('a server restart shows as reconnecting, then connected again with the time it was down', async () => {
    events.length = 0;
    await nats.restart();
    await waitFor(() => events.some((event) => event.type === 'tap' && event.state === 'connected'), 20_000, 'the tap reconnected');
    const states = events.filter((event) => event.type === 'tap').map((event) => (event.type === 'tap' ? event.state : ''));
    assert.deepEqual(states.slice(0, 1), ['reconnecting']);
    const back = events.find((event) => event.type === 'tap' && event.state === 'connected');
    assert.ok(back?.type === 'tap' && (back.downMs ?? -1) >= 0, 'the return says how long the tap was down');
    assert.equal(traffic.status().reconnects, 1);
    const seen = traffic.counters()?.seen ?? 0;
    // The test's own client may still be redialling: publish until the tap counts one.
    await waitFor(
      async () => {
        raw.publish('chat.p2p.78', 'after the restart');
        await raw.flush().catch(() => undefined);
        return (traffic.counters()?.seen ?? 0) > seen;
      },
      10_000,
      'traffic seen after the restart',
      100,
    );
  });
});
