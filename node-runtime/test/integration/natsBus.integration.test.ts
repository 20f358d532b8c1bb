/**
 * The NATS bus against real servers: dedup by msgId, durability at the time publish resolves,
 * hostile subjects stopped before NATS, a bounded publish while no server is reachable, and
 * kill -9 of a cluster member (first a stream follower, then the stream leader) under a connected
 * bus and KV registry: reconnect, resumed subscriptions, publishes and health, with the measured
 * times printed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { startNatsCluster, startNatsServer, type NatsClusterHandle, type NatsHandle, type NatsServerHandle } from '../../../infrastructure/local/lib/natsServers.js';
import { connectNatsBus, InvalidSubjectError, type NatsMessageBus } from '../../src/cluster/bus/natsMessageBus.js';
import { connectNatsKvRegistry } from '../../src/cluster/registry/natsKvRegistry.js';
import type { BusMessage } from '../../src/cluster/bus/messageBus.js';
import type { BackendState } from '../../src/cluster/backendHealth.js';
import type { NodeStatus } from '../../src/cluster/registry/nodeRegistry.js';
import { uniqueToken } from '../contract/contractSupport.js';
import { waitFor } from '../helpers/waitFor.js';

const stateDir = mkdtempSync(join(tmpdir(), 'chat-nats-integration-'));
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (value: string): Uint8Array => encoder.encode(value);
let single: NatsHandle | undefined;
let cluster: NatsClusterHandle | undefined;
const closers: Array<() => Promise<unknown>> = [];

function track<T extends { close(): Promise<unknown> }>(resource: T): T {
  closers.push(() => resource.close());
  return resource;
}

before(async () => {
  [single, cluster] = await Promise.all([
    startNatsServer({ stateDir: join(stateDir, 'single') }),
    startNatsCluster({ stateDir: join(stateDir, 'cluster'), size: 3 }),
  ]);
});

after(async () => {
  await Promise.allSettled(closers.map((close) => close()));
  await Promise.allSettled([single?.stopAll(), cluster?.stopAll()]);
  if (!process.env['KEEP_NATS_STATE']) rmSync(stateDir, { recursive: true, force: true });
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

describe('NATS bus on one server', () => {
  let bus: NatsMessageBus;

  before(async () => {
    assert.ok(single);
    bus = track(await connectNatsBus({ servers: single.urls, name: 'integration-single' }));
  });

  test('a publish repeated with the same msgId is stored once and delivered once', async () => {
    const subject = `chat.${uniqueToken('dedup')}.p2p`;
    const fence = `${subject}-fence`;
    const received: string[] = [];
    bus.subscribe(subject, (message) => received.push(decoder.decode(message.data)));
    bus.subscribe(fence, (message) => received.push(decoder.decode(message.data)));
    const msgId = uniqueToken('msg');
    await bus.publish(subject, text('once'), { msgId });
    await bus.publish(subject, text('once'), { msgId });
    await bus.publish(subject, text('other id'), { msgId: uniqueToken('msg') });
    await bus.publish(fence, text('fence'));
    await waitFor(() => received.includes('fence'), 2000, 'the fence');

    const info = await bus.jsm.streams.info('CHAT', { subjects_filter: subject });
    assert.equal(info.state.subjects?.[subject], 2, 'the repeated msgId is stored once, the other id once');
    assert.deepEqual(received, ['once', 'other id', 'fence'], 'core subscribers also see the repeat only once');
  });

  test('a message is in the stream as soon as publish resolves; publish latency', async () => {
    const subject = `system.${uniqueToken('durable')}`;
    await bus.publish(subject, text('stored before the ack'), { msgId: uniqueToken('msg') });
    const stored = await bus.jsm.streams.getMessage('SYSTEM', { last_by_subj: subject });
    assert.equal(stored && decoder.decode(stored.data), 'stored before the ack');
    assert.equal(stored?.subject, subject);

    const chatSubject = `chat.${uniqueToken('latency')}`;
    const latencies: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      await bus.publish(chatSubject, text(`m${i}`), { msgId: uniqueToken('lat') });
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const info = await bus.jsm.streams.info('CHAT', { subjects_filter: chatSubject });
    assert.equal(info.state.subjects?.[chatSubject], 300);
    console.log(
      `[nats] single server, R1: sequential publish latency p50=${percentile(latencies, 50).toFixed(2)} ms p99=${percentile(latencies, 99).toFixed(2)} ms max=${percentile(latencies, 100).toFixed(2)} ms`,
    );
  });

  test('hostile subjects are rejected before anything reaches NATS', async () => {
    assert.ok(single);
    const tap = await connect({ servers: single.urls });
    closers.push(() => tap.close());
    const seen: string[] = [];
    tap.subscribe('>', { callback: (_error, msg) => {
      if (!msg.subject.startsWith('$') && !msg.subject.startsWith('_INBOX')) seen.push(msg.subject);
    } });
    await tap.flush();
    const root = uniqueToken('hostile');
    const hostile = [
      '',
      'chat',
      `chat.${root}.a b`,
      `chat.${root}..x`,
      `chat.${root}.`,
      `.chat.${root}`,
      `chat.${root}.*`,
      `chat.${root}.>`,
      'chat.>',
      `chat.${root}.a\nPUB chat.injected 0`,
      `chat.${root}.a\r\n`,
      `chat.${root}.\u0000`,
      `chat.${root}.用户`,
      `chat.${root}.${'x'.repeat(2000)}`,
      `admin.${root}.outside-the-streams`,
    ];
    for (const subject of hostile) {
      await assert.rejects(
        () => bus.publish(subject, text('must not be sent')),
        (error: unknown) => error instanceof InvalidSubjectError && error.code === 'INVALID_SUBJECT',
        `publish(${JSON.stringify(subject.slice(0, 40))})`,
      );
    }
    for (const subject of ['', `chat.${root}.a b`, `chat.${root}..x`, `chat.>.${root}`, `chat.${root}.用户`]) {
      assert.throws(() => bus.subscribe(subject, () => undefined), InvalidSubjectError, `subscribe(${JSON.stringify(subject)})`);
    }
    const fence = `chat.${root}.fence`;
    await bus.publish(fence, text('fence'));
    await waitFor(() => seen.includes(fence), 2000, 'the fence on the tap');
    assert.deepEqual(seen, [fence], 'only the fence reached NATS');
    const info = await bus.jsm.streams.info('CHAT', { subjects_filter: `chat.${root}.>` });
    assert.deepEqual(Object.keys(info.state.subjects ?? {}), [fence]);
  });

  test('with no server reachable a publish fails within its bound and health is down', async () => {
    const lonely = await startNatsServer({ stateDir: join(stateDir, 'lonely'), name: 'lonely' });
    closers.push(() => lonely.stopAll());
    const isolated = track(await connectNatsBus({ servers: lonely.urls, name: 'integration-isolated', publishTimeoutMs: 1000 }));
    await isolated.publish(`chat.${uniqueToken('before')}`, text('ok'));
    await lonely.kill();
    await waitFor(() => isolated.health().state === 'down', 2000, 'health down');
    const health = isolated.health();
    assert.match(health.detail, /^disconnected from nats:\/\/127\.0\.0\.1:\d+, reconnecting/);
    assert.equal(health.endpoint, lonely.url);
    const started = Date.now();
    await assert.rejects(
      () => isolated.publish(`chat.${uniqueToken('during')}`, text('nowhere')),
      (error: unknown) => error instanceof Error && 'code' in error && error.code === 'NATS_UNAVAILABLE',
    );
    const failedAfter = Date.now() - started;
    console.log(`[nats] no server reachable: publish rejected after ${failedAfter} ms (publishTimeoutMs 1000)`);
    assert.ok(failedAfter >= 900 && failedAfter < 2000, `rejected after ${failedAfter} ms`);
  });
});

describe('NATS bus on a 3-server cluster: kill -9 of a server', { timeout: 60_000 }, () => {
  let admin: NatsMessageBus;

  before(async () => {
    assert.ok(cluster);
    admin = track(await connectNatsBus({ servers: cluster.urls, name: 'integration-admin', replicas: 3 }));
    assert.deepEqual(admin.streams.map((s) => s.replicas), [3, 3], 'R3 streams on the cluster');
    // Creates the registry bucket (R3) before anything is killed.
    track(await connectNatsKvRegistry({ servers: cluster.urls, name: 'integration-admin-registry', replicas: 3 }));
  });

  async function streamState(name: string): Promise<{ leader: string; allCurrent: boolean }> {
    const info = await admin.jsm.streams.info(name);
    const replicas = info.cluster?.replicas ?? [];
    // `active` is nanoseconds since the replica was last heard from: a dead one stays "current" for a while.
    const allCurrent = replicas.length === 2 && replicas.every((r) => r.current && !r.offline && r.active < 2e9);
    return { leader: info.cluster?.leader ?? '', allCurrent };
  }
  const chatStream = (): Promise<{ leader: string; allCurrent: boolean }> => streamState('CHAT');

  /** All three servers up, one meta leader, every stream replica current: a clean start for a kill. */
  async function settled(): Promise<string> {
    assert.ok(cluster);
    const meta = await cluster.waitForMetaLeader(15_000);
    await waitFor(
      async () => (await Promise.all(['CHAT', 'SYSTEM', 'KV_chat_nodes'].map((name) => streamState(name).catch(() => undefined)))).every((state) => state?.allCurrent),
      15_000,
      'every stream replica current',
      100,
    );
    return meta;
  }

  /** Kills `victim` under a bus and a registry connected only to it, and measures the recovery. */
  async function killUnder(victim: NatsServerHandle, label: string, bounds: { reconnectMs: number; publishMs: number; registryMs: number }): Promise<void> {
    const bus = track(await connectNatsBus({ servers: [victim.url], name: `integration-${label}` }));
    const registry = track(await connectNatsKvRegistry({ servers: [victim.url], name: `integration-${label}-registry` }));
    assert.equal(bus.server, victim.url);
    const node = { id: uniqueToken('node'), address: '127.0.0.1', port: 9000, tags: ['chat'], meta: {} };
    await registry.register(node, { ttlMs: 60_000, deregisterCriticalAfterMs: 120_000 });
    const watched: NodeStatus[][] = [];
    registry.watch((nodes) => watched.push(nodes));

    // Publishes from a server that stays up, to tell "our subscription resumed" from anything else.
    assert.ok(cluster);
    const tap = await connect({ servers: cluster.servers.filter((s) => s !== victim).map((s) => s.url), ignoreClusterUpdates: true });
    closers.push(() => tap.close());
    const root = `chat.${uniqueToken(label)}`;
    const received: BusMessage[] = [];
    bus.subscribe(`${root}.>`, (message) => received.push(message));
    await bus.publish(`${root}.before`, text('before'));
    await waitFor(() => received.length === 1, 2000, 'delivery before the kill');

    const states: Array<{ state: BackendState; at: number }> = [];
    let killedAt = Date.now();
    const sampler = setInterval(() => {
      const state = bus.health().state;
      if (states.at(-1)?.state !== state) states.push({ state, at: Date.now() - killedAt });
    }, 2);
    await victim.kill();
    killedAt = Date.now();
    try {
      // A publish issued right after the crash: waits for the reconnect (and a stream leader).
      const publishing = bus.publish(`${root}.during`, text('during'), { msgId: uniqueToken('msg') }).then(
        () => ({ ok: true as const, at: Date.now() - killedAt }),
        (error: unknown) => ({ ok: false as const, at: Date.now() - killedAt, error }),
      );
      await waitFor(() => states.some((s) => s.state === 'down'), 2000, 'health down after the kill');
      await waitFor(() => bus.health().state !== 'down', bounds.reconnectMs, 'reconnected (health no longer down)');
      const reconnectedAt = Date.now() - killedAt;
      assert.notEqual(bus.server, victim.url, 'reconnected to another server');

      // Subscriptions resume: a core publish from elsewhere arrives (independent of any stream leader).
      const resumeSubject = `${root}.resumed`;
      await waitFor(
        () => {
          tap.publish(resumeSubject, text('resumed'));
          return received.some((message) => message.subject === resumeSubject);
        },
        bounds.reconnectMs,
        'the subscription to resume',
        25,
      );
      const resumedAt = Date.now() - killedAt;

      let published = await publishing;
      if (!published.ok) {
        // Still within the bound: a new stream leader may take longer than one publish's budget.
        const retried = await bus.publish(`${root}.during`, text('during'), { msgId: uniqueToken('msg') }).then(
          () => ({ ok: true as const, at: Date.now() - killedAt }),
          (error: unknown) => ({ ok: false as const, at: Date.now() - killedAt, error }),
        );
        console.log(`[nats] ${label}: first publish after the kill failed at ${published.at} ms: ${String(published.error)}`);
        published = retried;
      }
      assert.ok(published.ok, `publish after the kill failed: ${published.ok ? '' : String(published.error)}`);
      assert.ok(published.at <= bounds.publishMs, `publish succeeded ${published.at} ms after the kill, bound ${bounds.publishMs} ms`);
      await waitFor(() => bus.health().state === 'ok', 3000, 'health ok again');
      const okAt = Date.now() - killedAt;

      // The registry's connection failed over too: a pass reaches its own watch (its bucket may
      // be electing a leader as well, so a pass is retried within the bound).
      await waitFor(
        () => registry.pass(node.id, 'after failover').then(() => true, () => false),
        bounds.registryMs,
        'a registry pass after failover',
      );
      await waitFor(
        () => watched.some((nodes) => nodes.some((s) => s.id === node.id && s.output === 'after failover')),
        Math.max(0, bounds.registryMs - (Date.now() - killedAt)),
        'registry watch after failover',
      );
      const registryAt = Date.now() - killedAt;

      console.log(
        `[nats] kill -9 ${victim.name} (${label}): health ${states.map((s) => `${s.state}@${s.at}ms`).join(' → ')}; ` +
          `reconnected ${reconnectedAt} ms, subscription resumed ${resumedAt} ms, publish stored ${published.at} ms, health ok ${okAt} ms, ` +
          `registry watch ${registryAt} ms after the kill`,
      );
      assert.ok(states.some((s) => s.state === 'down'), 'health went down');
      assert.ok(reconnectedAt <= bounds.reconnectMs, `reconnected after ${reconnectedAt} ms`);
    } finally {
      clearInterval(sampler);
    }
  }

  // nats-server 2.9 needs about 4–9 s to elect a new raft leader (stream, KV bucket or meta) after
  // its leader died; a follower's death costs only the client's reconnect.
  const ELECTION_BOUND_MS = 16_000;

  test('a stream follower dies: reconnect, resume and publish within about a second', async () => {
    assert.ok(cluster);
    const meta = await settled();
    const { leader } = await chatStream();
    const kvLeader = (await streamState('KV_chat_nodes')).leader;
    // Prefer a server that leads nothing; the CHAT leader is never the victim here.
    const candidates = cluster.servers.filter((server) => server.name !== leader);
    const victim = candidates.find((server) => server.name !== kvLeader && server.name !== meta) ?? candidates.find((server) => server.name !== kvLeader) ?? candidates[0];
    assert.ok(victim);
    try {
      await killUnder(victim, 'follower', {
        reconnectMs: 2000,
        publishMs: 3000,
        // The registry's watch is a consumer: re-creating it needs the meta leader as well.
        registryMs: victim.name === kvLeader || victim.name === meta ? ELECTION_BOUND_MS : 3000,
      });
    } finally {
      await victim.restart();
    }
  });

  test('the stream leader dies: publishes are stored again once a new leader is elected', async () => {
    assert.ok(cluster);
    await settled();
    const { leader } = await chatStream();
    const victim = cluster.server(leader);
    await killUnder(victim, 'leader', { reconnectMs: 2000, publishMs: ELECTION_BOUND_MS, registryMs: ELECTION_BOUND_MS });
    const after = await chatStream();
    assert.notEqual(after.leader, leader, 'a new leader');
  });
});
