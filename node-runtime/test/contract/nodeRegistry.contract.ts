/**
 * The NodeRegistry contract: every implementation (memory, Consul, NATS KV) must pass it. Reads
 * are polled until they settle (a catalog may lag its agent), watch calls are awaited, and TTL
 * behaviour runs in real time with short TTLs (each such test stays well under 1.5 s with the
 * defaults). Node ids are unique per test and every node a test registers is deregistered after
 * it, so a shared real server can be reused.
 */
import { describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeInfo, NodeLoad, NodeRegistry, NodeStatus, RegistrationOptions } from '../../src/cluster/registry/nodeRegistry.js';
import { eventually, sleep, waitFor } from '../helpers/waitFor.js';
import { contractTest, uniqueToken } from './contractSupport.js';

export interface NodeRegistryContractOptions {
  /** TTL for the expiry tests. Default 200 ms. */
  ttlMs?: number;
  /** Deregister-critical-after for the expiry tests. Default 300 ms. */
  deregisterCriticalAfterMs?: number;
  /** Extra time a change may take to show in list() or reach a watcher. Default 1000 ms. */
  slackMs?: number;
  /** How long silence must last to conclude a watcher is not called. Default 100 ms. */
  quietMs?: number;
}

export interface NodeRegistryFixture {
  registry: NodeRegistry;
  cleanup: () => Promise<void>;
}

/** A registration that cannot expire during a test. */
const LONG: RegistrationOptions = { ttlMs: 60_000, deregisterCriticalAfterMs: 120_000 };

interface WatchRecorder {
  readonly calls: NodeStatus[][];
  stop: () => void;
  /** The index of the first call at or after `from` whose entry for `id` passes `accept` (undefined = absent), or -1. */
  find(id: string, accept: (status: NodeStatus | undefined) => boolean, from?: number): number;
}

export function nodeRegistryContract(
  name: string,
  factory: () => Promise<NodeRegistryFixture>,
  options: NodeRegistryContractOptions = {},
): void {
  const ttlMs = options.ttlMs ?? 200;
  const deregisterAfterMs = options.deregisterCriticalAfterMs ?? 300;
  const slackMs = options.slackMs ?? 1000;
  const quietMs = options.quietMs ?? 100;
  const SHORT: RegistrationOptions = { ttlMs, deregisterCriticalAfterMs: deregisterAfterMs };
  const test = contractTest();

  describe(`NodeRegistry contract: ${name}`, () => {
    let registry: NodeRegistry;
    let cleanup: () => Promise<void>;
    let registered: string[];
    let nextPort = 20_000 + Math.floor(Math.random() * 20_000);

    beforeEach(async () => {
      ({ registry, cleanup } = await factory());
      registered = [];
    });

    afterEach(async () => {
      for (const id of registered) await registry.deregister(id).catch(() => undefined);
      await cleanup();
    });

    function makeNode(overrides: Partial<NodeInfo> = {}): NodeInfo {
      return { id: uniqueToken('node'), address: '127.0.0.1', port: nextPort++, tags: ['chat'], meta: { version: '1.0.0' }, ...overrides };
    }

    async function register(node: NodeInfo, registration: RegistrationOptions): Promise<void> {
      registered.push(node.id);
      await registry.register(node, registration);
    }

    async function statusOf(id: string): Promise<NodeStatus | undefined> {
      const matching = (await registry.list()).filter((status) => status.id === id);
      assert.ok(matching.length <= 1, `list() holds ${matching.length} entries for ${id}`);
      return matching[0];
    }

    /** Polls list() until the node's entry passes `accept` (undefined = absent). */
    function listUntil(id: string, accept: (status: NodeStatus | undefined) => boolean, what: string, timeoutMs = slackMs): Promise<NodeStatus | undefined> {
      return eventually(() => statusOf(id), accept, timeoutMs, `${id}: ${what}`);
    }

    async function listed(id: string, health: NodeStatus['health'], what: string = health, timeoutMs = slackMs): Promise<NodeStatus> {
      const status = await listUntil(id, (s) => s?.health === health, what, timeoutMs);
      assert.ok(status);
      return status;
    }

    function watchAll(): WatchRecorder {
      const calls: NodeStatus[][] = [];
      const stop = registry.watch((nodes) => calls.push(nodes));
      return {
        calls,
        stop,
        find: (id, accept, from = 0) => calls.findIndex((nodes, index) => index >= from && accept(nodes.find((status) => status.id === id))),
      };
    }

    async function watched(recorder: WatchRecorder, id: string, accept: (status: NodeStatus | undefined) => boolean, what: string, from = 0, timeoutMs = slackMs): Promise<number> {
      await waitFor(() => recorder.find(id, accept, from) >= 0, timeoutMs, `a watch call where ${id} is ${what}`);
      return recorder.find(id, accept, from);
    }

    test('register lists the node critical until its first pass, then passing', async () => {
      assert.equal(typeof registry.kind, 'string');
      const node = makeNode();
      const before = Date.now();
      await register(node, LONG);
      const critical = await listUntil(node.id, (s) => s !== undefined, 'listed');
      assert.equal(critical?.health, 'critical', 'a fresh registration is critical until its first pass');
      assert.equal(typeof critical?.changedAt, 'number');
      assert.ok((critical?.changedAt ?? 0) >= before - 5000);

      await registry.pass(node.id, 'ok');
      const passing = await listed(node.id, 'passing');
      assert.equal(passing.output, 'ok');
      assert.ok(passing.changedAt >= (critical?.changedAt ?? 0), 'changedAt moves forward when health changes');
    });

    test('tags, meta, address and port round-trip; list() returns copies', async () => {
      const node = makeNode({ tags: ['chat', 'zone-a', 'v1'], meta: { version: '1.2.3', admin_port: '9100', zone: 'a' } });
      const input = structuredClone(node);
      await register(node, LONG);
      // Changing the caller's object afterwards must not change what is registered.
      node.tags.push('mutated');
      node.meta['version'] = 'mutated';

      const status = await listUntil(input.id, (s) => s !== undefined, 'listed');
      assert.ok(status);
      assert.equal(status.address, input.address);
      assert.equal(status.port, input.port);
      assert.deepEqual([...status.tags].sort(), [...input.tags].sort());
      assert.deepEqual(status.meta, input.meta);

      status.tags.push('changed by reader');
      status.meta['zone'] = 'changed by reader';
      const again = await statusOf(input.id);
      assert.deepEqual([...(again?.tags ?? [])].sort(), [...input.tags].sort());
      assert.deepEqual(again?.meta, input.meta);
    });

    test('list holds several nodes, each with its own health', async () => {
      const first = makeNode();
      const second = makeNode();
      await register(first, LONG);
      await register(second, LONG);
      await registry.pass(first.id);
      await listed(first.id, 'passing');
      const other = await listed(second.id, 'critical');
      assert.equal(other.port, second.port);
    });

    test('watch fires on register, pass and deregister', async () => {
      const recorder = watchAll();
      try {
        const node = makeNode();
        await register(node, LONG);
        const atRegister = await watched(recorder, node.id, (s) => s?.health === 'critical', 'critical');
        await registry.pass(node.id);
        const atPass = await watched(recorder, node.id, (s) => s?.health === 'passing', 'passing', atRegister + 1);
        await registry.deregister(node.id);
        await watched(recorder, node.id, (s) => s === undefined, 'gone', atPass + 1);
        await listUntil(node.id, (s) => s === undefined, 'gone from list()');
        for (const nodes of recorder.calls) assert.ok(Array.isArray(nodes));
      } finally {
        recorder.stop();
      }
    });

    test('a node that keeps passing within its TTL stays passing', async () => {
      const recorder = watchAll();
      try {
        const node = makeNode();
        await register(node, SHORT);
        await registry.pass(node.id);
        await listed(node.id, 'passing');
        // Calls before the first passing one may still show the registration (critical).
        const from = await watched(recorder, node.id, (s) => s?.health === 'passing', 'passing');
        const until = Date.now() + ttlMs * 2.5;
        while (Date.now() < until) {
          await registry.pass(node.id);
          await sleep(ttlMs / 4);
        }
        const status = await statusOf(node.id);
        assert.equal(status?.health, 'passing');
        assert.equal(recorder.find(node.id, (s) => s?.health !== 'passing', from), -1, 'never critical or gone while passing');
      } finally {
        recorder.stop();
      }
    });

    test('a missed TTL turns the node critical with output `TTL expired`', async () => {
      const recorder = watchAll();
      try {
        const node = makeNode();
        await register(node, SHORT);
        const passedAt = Date.now();
        await registry.pass(node.id, 'alive');
        const passing = await listed(node.id, 'passing');
        assert.equal(passing.output, 'alive');

        const from = await watched(recorder, node.id, (s) => s?.health === 'passing', 'passing');
        const expired = await listed(node.id, 'critical', 'critical after its TTL', ttlMs + slackMs);
        const expiredAt = Date.now();
        assert.equal(expired.output, 'TTL expired');
        assert.ok(expiredAt - passedAt >= ttlMs * 0.75, `expired after ${expiredAt - passedAt} ms, TTL is ${ttlMs} ms`);
        assert.ok(expired.changedAt >= passing.changedAt);
        await watched(recorder, node.id, (s) => s?.health === 'critical' && s.output === 'TTL expired', 'critical with TTL expired', from + 1);
      } finally {
        recorder.stop();
      }
    });

    test('TTL expiry of a node that never passed keeps changedAt (health did not change)', async () => {
      const node = makeNode();
      await register(node, SHORT);
      const first = await listed(node.id, 'critical');
      const expired = await listUntil(node.id, (s) => s?.output === 'TTL expired', 'TTL expired', ttlMs + slackMs);
      assert.equal(expired?.health, 'critical');
      assert.equal(expired?.changedAt, first.changedAt, 'critical → critical is not a health change');
    });

    test('a pass after expiry turns the node passing again and it is not removed', async () => {
      const node = makeNode();
      await register(node, SHORT);
      await registry.pass(node.id);
      await listed(node.id, 'passing');
      await listUntil(node.id, (s) => s?.health === 'critical' && s.output === 'TTL expired', 'expired', ttlMs + slackMs);

      await registry.pass(node.id, 'back');
      const back = await listed(node.id, 'passing', 'passing again');
      assert.equal(back.output, 'back');
      // Keep passing for longer than deregister-after: the removal armed at expiry must be cancelled.
      const until = Date.now() + deregisterAfterMs + ttlMs / 2;
      while (Date.now() < until) {
        await registry.pass(node.id, 'back');
        await sleep(ttlMs / 4);
      }
      assert.equal((await statusOf(node.id))?.health, 'passing');
    });

    test('a node critical for longer than deregister-critical-after is removed', async () => {
      const recorder = watchAll();
      try {
        const node = makeNode();
        await register(node, SHORT);
        await registry.pass(node.id);
        await listed(node.id, 'passing');
        await listed(node.id, 'critical', 'expired', ttlMs + slackMs);
        const criticalSeenAt = Date.now();
        await listUntil(node.id, (s) => s === undefined, 'removed', deregisterAfterMs + slackMs);
        const removedAfter = Date.now() - criticalSeenAt;
        assert.ok(removedAfter >= deregisterAfterMs / 2, `removed ${removedAfter} ms after turning critical, deregister-after is ${deregisterAfterMs} ms`);
        const critical = await watched(recorder, node.id, (s) => s?.health === 'critical', 'critical');
        await watched(recorder, node.id, (s) => s === undefined, 'removed', critical + 1);
      } finally {
        recorder.stop();
      }
    });

    test('deregister removes the node; deregistering an unknown id resolves', async () => {
      const node = makeNode();
      const bystander = makeNode();
      await register(node, LONG);
      await register(bystander, LONG);
      await listUntil(node.id, (s) => s !== undefined, 'listed');
      await registry.deregister(node.id);
      await listUntil(node.id, (s) => s === undefined, 'gone');
      assert.ok(await statusOf(bystander.id), 'other nodes stay');
      await registry.deregister(node.id);
      await registry.deregister(uniqueToken('never-registered'));
    });

    test('re-register replaces the entry and cancels the old TTL', async () => {
      const node = makeNode({ tags: ['old'], meta: { version: '1' } });
      await register(node, SHORT);
      await registry.pass(node.id);
      await listed(node.id, 'passing');

      const replacement: NodeInfo = { id: node.id, address: '127.0.0.2', port: nextPort++, tags: ['new', 'chat'], meta: { version: '2', zone: 'b' } };
      await registry.register(replacement, LONG);
      await registry.pass(node.id);
      const status = await listUntil(node.id, (s) => s?.port === replacement.port && s.health === 'passing', 'replaced and passing');
      assert.ok(status);
      assert.equal(status.address, '127.0.0.2');
      assert.deepEqual([...status.tags].sort(), ['chat', 'new']);
      assert.deepEqual(status.meta, { version: '2', zone: 'b' });
      // Past the old short TTL and its deregister-after: the entry must still be there and passing.
      await sleep(ttlMs + deregisterAfterMs + 100);
      const later = await statusOf(node.id);
      assert.equal(later?.health, 'passing');
      assert.equal(later?.port, replacement.port);
    });

    function loadOf(connections: number): NodeLoad {
      return { connections, maxConnections: 1000, connectsPerSec: 12.5, msgsPerSec: 3, at: Date.now() };
    }

    test('a published load is listed, replaced by the next, and changes neither health, meta nor watchers', async () => {
      const recorder = watchAll();
      try {
        const node = makeNode({ meta: { version: '1.0.0', zone: 'a' } });
        await register(node, LONG);
        await registry.pass(node.id, 'ok');
        await listed(node.id, 'passing');
        await watched(recorder, node.id, (s) => s?.health === 'passing', 'passing');
        await sleep(quietMs);
        const calls = recorder.calls.length;
        const first = loadOf(42);
        await registry.publishLoad(node.id, first);
        const status = await listUntil(node.id, (s) => s?.load?.connections === 42, 'its load listed');
        assert.deepEqual(status?.load, first);
        assert.deepEqual(status?.meta, node.meta, 'the load is not mixed into the meta');
        assert.equal(status?.health, 'passing');
        assert.equal(status?.output, 'ok');

        const second = loadOf(7);
        await registry.publishLoad(node.id, second);
        const replaced = await listUntil(node.id, (s) => s?.load?.connections === 7, 'the newer load');
        assert.deepEqual(replaced?.load, second);
        await sleep(quietMs);
        assert.equal(recorder.calls.length, calls, 'watchers follow membership and health, not load');
        // ...while the next membership change still reaches them.
        await registry.deregister(node.id);
        await watched(recorder, node.id, (s) => s === undefined, 'gone');
      } finally {
        recorder.stop();
      }
    });

    test('load: a critical node stays critical, re-register drops the load, unknown nodes are ignored, bad loads refused', async () => {
      const node = makeNode();
      await register(node, LONG);
      await listed(node.id, 'critical');
      await registry.publishLoad(node.id, loadOf(3));
      const critical = await listUntil(node.id, (s) => s?.load?.connections === 3, 'its load listed');
      assert.equal(critical?.health, 'critical', 'publishing a load is not a pass');

      await registry.register(node, LONG);
      await listUntil(node.id, (s) => s !== undefined && s.load === undefined, 'registered again without a load');

      const stranger = uniqueToken('never-registered');
      await registry.publishLoad(stranger, loadOf(1));
      await sleep(quietMs);
      assert.equal(await statusOf(stranger), undefined, 'a load does not create an entry');

      await assert.rejects(registry.publishLoad(node.id, { ...loadOf(1), connections: -1 }), (error: unknown) => (error as { code?: string }).code === 'INVALID_NODE_LOAD');
      await assert.rejects(registry.publishLoad(node.id, { ...loadOf(1), msgsPerSec: Number.NaN }), /msgsPerSec/);
    });

    test('a load publish still in flight when the node deregisters does not bring the entry back', async () => {
      const node = makeNode();
      await register(node, LONG);
      await registry.pass(node.id);
      await listed(node.id, 'passing');
      const publishing = registry.publishLoad(node.id, loadOf(9));
      await registry.deregister(node.id);
      await publishing;
      await listUntil(node.id, (s) => s === undefined, 'gone');
      await sleep(quietMs);
      assert.equal(await statusOf(node.id), undefined, 'still gone after the publish settled');
    });

    test('an unsubscribed watcher is not called again', async () => {
      const stopped = watchAll();
      const sentinel = watchAll();
      try {
        stopped.stop();
        stopped.stop(); // a second call is harmless
        const node = makeNode();
        await register(node, LONG);
        await watched(sentinel, node.id, (s) => s !== undefined, 'listed');
        await registry.pass(node.id);
        await watched(sentinel, node.id, (s) => s?.health === 'passing', 'passing');
        await sleep(quietMs);
        assert.equal(stopped.find(node.id, (s) => s !== undefined), -1, 'the stopped watcher saw the node');
      } finally {
        sentinel.stop();
      }
    });
  });
}
