/**
 * The PresenceStore contract: every implementation (memory, Redis) must pass it. Reads right after
 * an awaited write must see it; the change feed is awaited with bounded waits, and "no event" is
 * proved with a fence (a later change that does arrive). The feed is only ordered per user — a
 * Redis Cluster publishes each change on its user's shard, and changes from different shards reach
 * a subscriber in any order — so a fence is one change per user the test looks at, on a fence node
 * that recorders ignore. Users and nodes are unique per test and
 * each test's nodes are removed after it, so a shared real server can be reused.
 */
import { describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { PresenceChange, PresenceEntry, PresenceStore } from '../../src/cluster/presence/presenceStore.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { contractTest, uniqueNumber, uniqueToken } from './contractSupport.js';

export interface PresenceStoreContractOptions {
  /** Bound on waiting for a change event. Default 2000 ms. */
  eventTimeoutMs?: number;
  /** How long silence must last where no fence is possible. Default 100 ms. */
  quietMs?: number;
  /** How far `at`/`since` may be from this process's clock (a server clock). Default 5000 ms. */
  clockToleranceMs?: number;
}

export interface PresenceStoreFixture {
  presence: PresenceStore;
  cleanup: () => Promise<void>;
}

interface FeedRecorder {
  /** Every change except those of fence nodes. */
  readonly changes: PresenceChange[];
  /** Fence-node changes. */
  readonly fences: PresenceChange[];
  stop: () => void;
  of(userId: number): PresenceChange[];
}

const byNumber = (a: number, b: number): number => a - b;
const FENCE_PREFIX = 'pfence';

export function presenceStoreContract(
  name: string,
  factory: () => Promise<PresenceStoreFixture>,
  options: PresenceStoreContractOptions = {},
): void {
  const eventTimeoutMs = options.eventTimeoutMs ?? 2000;
  const quietMs = options.quietMs ?? 100;
  const toleranceMs = options.clockToleranceMs ?? 5000;
  const test = contractTest();

  describe(`PresenceStore contract: ${name}`, () => {
    let presence: PresenceStore;
    let cleanup: () => Promise<void>;
    let nodesUsed: string[];

    beforeEach(async () => {
      ({ presence, cleanup } = await factory());
      nodesUsed = [];
    });

    afterEach(async () => {
      for (const nodeId of nodesUsed) await presence.removeNode(nodeId).catch(() => 0);
      await cleanup();
    });

    function newNode(): string {
      const nodeId = uniqueToken('pnode');
      nodesUsed.push(nodeId);
      return nodeId;
    }

    function record(): FeedRecorder {
      const changes: PresenceChange[] = [];
      const fences: PresenceChange[] = [];
      const stop = presence.subscribe((change) => (change.nodeId.startsWith(FENCE_PREFIX) ? fences : changes).push(change));
      return { changes, fences, stop, of: (userId) => changes.filter((change) => change.userId === userId) };
    }

    /**
     * For each of `users` (and one fresh user), an online + offline on a fence node, awaited: every
     * earlier change of those users has then arrived (per-user order), and no entry is left behind.
     */
    async function fence(recorder: FeedRecorder, users: readonly number[] = []): Promise<void> {
      const nodeId = uniqueToken(FENCE_PREFIX);
      nodesUsed.push(nodeId);
      const all = [...users, uniqueNumber()];
      for (const userId of all) {
        await presence.setOnline(userId, nodeId);
        await presence.setOffline(userId, nodeId);
      }
      await waitFor(
        () => all.every((userId) => recorder.fences.some((change) => change.userId === userId && change.nodeId === nodeId && change.kind === 'offline')),
        eventTimeoutMs,
        'the fence changes',
      );
    }

    async function eventsOf(recorder: FeedRecorder, userId: number, count: number, what: string): Promise<PresenceChange[]> {
      await waitFor(() => recorder.of(userId).length >= count, eventTimeoutMs, `${what} (want ${count} changes for user ${userId})`);
      return recorder.of(userId);
    }

    async function sortedNodesOf(userId: number): Promise<string[]> {
      return (await presence.nodesOf(userId)).sort();
    }

    async function sortedUsersOn(nodeId: string): Promise<number[]> {
      return (await presence.usersOn(nodeId)).sort(byNumber);
    }

    async function countOn(nodeId: string): Promise<number> {
      return (await presence.countsByNode())[nodeId] ?? 0;
    }

    test('a user is online on a node until it goes offline there', async () => {
      assert.equal(typeof presence.kind, 'string');
      const user = uniqueNumber();
      const node = newNode();
      assert.deepEqual(await presence.nodesOf(user), []);
      await presence.setOnline(user, node);
      assert.deepEqual(await presence.nodesOf(user), [node]);
      assert.deepEqual(await presence.usersOn(node), [user]);
      await presence.setOffline(user, node);
      assert.deepEqual(await presence.nodesOf(user), []);
      assert.deepEqual(await presence.usersOn(node), []);
    });

    test('a user on two nodes stays online on the other when one goes', async () => {
      const user = uniqueNumber();
      const [a, b] = [newNode(), newNode()];
      await presence.setOnline(user, a);
      await presence.setOnline(user, b);
      assert.deepEqual(await sortedNodesOf(user), [a, b].sort());
      assert.deepEqual(await presence.usersOn(a), [user]);
      assert.deepEqual(await presence.usersOn(b), [user]);
      await presence.setOffline(user, a);
      assert.deepEqual(await presence.nodesOf(user), [b]);
      assert.deepEqual(await presence.usersOn(a), []);
      assert.deepEqual(await presence.usersOn(b), [user]);
    });

    test('setOnline twice is one entry and one change event', async () => {
      const recorder = record();
      try {
        const user = uniqueNumber();
        const node = newNode();
        await presence.setOnline(user, node);
        await presence.setOnline(user, node);
        await fence(recorder, [user]);
        assert.deepEqual(
          recorder.of(user).map((change) => change.kind),
          ['online'],
        );
        assert.deepEqual(await presence.nodesOf(user), [node]);
        assert.equal(await countOn(node), 1);
        // One offline undoes it: the store keeps no per-call count.
        await presence.setOffline(user, node);
        assert.deepEqual(await presence.nodesOf(user), []);
      } finally {
        recorder.stop();
      }
    });

    test('setOffline of a pair that is not online changes nothing and emits nothing', async () => {
      const recorder = record();
      try {
        const user = uniqueNumber();
        const stranger = uniqueNumber();
        const [a, b] = [newNode(), newNode()];
        await presence.setOnline(user, a);
        await presence.setOffline(user, b); // online, but not on b
        await presence.setOffline(stranger, a); // never online
        await presence.setOffline(stranger, uniqueToken('pnode-unknown'));
        await fence(recorder, [user, stranger]);
        assert.deepEqual(recorder.of(stranger), []);
        assert.deepEqual(
          recorder.of(user).map((change) => `${change.kind}@${change.nodeId}`),
          [`online@${a}`],
        );
        assert.deepEqual(await presence.nodesOf(user), [a]);
        assert.deepEqual(await presence.usersOn(a), [user]);
        assert.deepEqual(await presence.usersOn(b), []);

        await presence.setOffline(user, a);
        await presence.setOffline(user, a); // the second one is a no-op
        await fence(recorder, [user]);
        assert.deepEqual(
          recorder.of(user).map((change) => change.kind),
          ['online', 'offline'],
        );
      } finally {
        recorder.stop();
      }
    });

    test('usersOn and countsByNode follow each node', async () => {
      const [u1, u2, u3] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
      const [a, b] = [newNode(), newNode()];
      for (const user of [u1, u2, u3]) await presence.setOnline(user, a);
      await presence.setOnline(u2, b);
      assert.deepEqual(await sortedUsersOn(a), [u1, u2, u3].sort(byNumber));
      assert.deepEqual(await presence.usersOn(b), [u2]);
      assert.deepEqual(await presence.usersOn(uniqueToken('pnode-unknown')), []);
      let counts = await presence.countsByNode();
      assert.equal(counts[a], 3);
      assert.equal(counts[b], 1);

      await presence.setOffline(u1, a);
      counts = await presence.countsByNode();
      assert.equal(counts[a], 2);
      assert.equal(counts[b], 1);

      await presence.setOffline(u2, a);
      await presence.setOffline(u3, a);
      assert.equal(await countOn(a), 0);
      assert.equal(await countOn(b), 1);
      assert.deepEqual(await presence.usersOn(a), []);
    });

    test("removeNode removes all of the node's users with reason node-removed and returns the count", async () => {
      const recorder = record();
      try {
        const [u1, u2, u3] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
        const [dead, alive] = [newNode(), newNode()];
        for (const user of [u1, u2, u3]) await presence.setOnline(user, dead);
        await presence.setOnline(u2, alive);

        assert.equal(await presence.removeNode(dead), 3);
        assert.deepEqual(await presence.usersOn(dead), []);
        assert.equal(await countOn(dead), 0);
        assert.deepEqual(await presence.nodesOf(u1), []);
        assert.deepEqual(await presence.nodesOf(u2), [alive]);
        assert.deepEqual(await presence.nodesOf(u3), []);
        assert.deepEqual(await presence.usersOn(alive), [u2]);

        await waitFor(
          () => recorder.changes.filter((change) => change.kind === 'offline' && change.nodeId === dead).length >= 3,
          eventTimeoutMs,
          'three node-removed changes',
        );
        await fence(recorder, [u1, u2, u3]);
        const offline = recorder.changes.filter((change) => change.kind === 'offline');
        assert.equal(offline.length, 3, 'exactly one offline per removed user and none for the surviving node');
        for (const change of offline) {
          assert.equal(change.nodeId, dead);
          assert.equal(change.reason, 'node-removed');
        }
        assert.deepEqual(offline.map((change) => change.userId).sort(byNumber), [u1, u2, u3].sort(byNumber));

        assert.equal(await presence.removeNode(dead), 0);
        assert.equal(await presence.removeNode(uniqueToken('pnode-unknown')), 0);
      } finally {
        recorder.stop();
      }
    });

    test('change events carry kind, user, node, time and reason', async () => {
      const recorder = record();
      try {
        const user = uniqueNumber();
        const node = newNode();
        const before = Date.now();
        await presence.setOnline(user, node);
        const [online] = await eventsOf(recorder, user, 1, 'the online change');
        await presence.setOffline(user, node);
        const after = Date.now();
        const changes = await eventsOf(recorder, user, 2, 'the offline change');
        const offline = changes[1];

        assert.ok(online && offline);
        assert.equal(online.kind, 'online');
        assert.equal(online.userId, user);
        assert.equal(online.nodeId, node);
        assert.equal(online.reason, undefined);
        assert.equal(offline.kind, 'offline');
        assert.equal(offline.userId, user);
        assert.equal(offline.nodeId, node);
        assert.equal(offline.reason, 'disconnect');
        for (const change of [online, offline]) {
          assert.equal(typeof change.at, 'number');
          assert.ok(change.at >= before - toleranceMs && change.at <= after + toleranceMs, `at ${change.at} is not near ${before}..${after}`);
        }
        assert.ok(offline.at >= online.at);
        assert.equal(changes.length, 2);
      } finally {
        recorder.stop();
      }
    });

    test('snapshot pages cover every entry exactly once', async () => {
      const users = [uniqueNumber(), uniqueNumber(), uniqueNumber(), uniqueNumber(), uniqueNumber()];
      const [a, b] = [newNode(), newNode()];
      const before = Date.now();
      const expected = new Set<string>();
      for (const user of users) {
        await presence.setOnline(user, a);
        expected.add(`${user}@${a}`);
      }
      for (const user of [users[1], users[3]]) {
        assert.ok(user !== undefined);
        await presence.setOnline(user, b);
        expected.add(`${user}@${b}`);
      }

      for (const limit of [1, 2, 3, 1000]) {
        const seen = new Map<string, number>();
        const ours: PresenceEntry[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await presence.snapshot(cursor, limit);
          pages += 1;
          assert.ok(pages <= 100_000, 'snapshot paging does not end');
          assert.ok(page.entries.length <= limit, `a page holds ${page.entries.length} entries, limit ${limit}`);
          for (const entry of page.entries) {
            const key = `${entry.userId}@${entry.nodeId}`;
            seen.set(key, (seen.get(key) ?? 0) + 1);
            if (expected.has(key)) ours.push(entry);
          }
          assert.ok(page.nextCursor === null || typeof page.nextCursor === 'string');
          cursor = page.nextCursor;
        } while (cursor !== null);

        const repeated = [...seen].filter(([, count]) => count > 1).map(([key]) => key);
        assert.deepEqual(repeated, [], `limit ${limit}: entries on more than one page`);
        assert.deepEqual(ours.map((entry) => `${entry.userId}@${entry.nodeId}`).sort(), [...expected].sort(), `limit ${limit}`);
        for (const entry of ours) assert.ok(entry.since >= before - toleranceMs && entry.since <= Date.now() + toleranceMs);
        if (limit === 1) assert.ok(pages >= expected.size, 'limit 1 needs a page per entry');
      }
    });

    // ── Liveness, reaping and rebuild ──────────────────────────────────────────────────────────

    function offlineOn(recorder: FeedRecorder, nodeId: string): PresenceChange[] {
      return recorder.changes.filter((change) => change.kind === 'offline' && change.nodeId === nodeId);
    }

    test('a node whose liveness lapsed is reaped: its entries go with reason node-removed, live nodes stay', async () => {
      const recorder = record();
      try {
        const [dead, alive] = [newNode(), newNode()];
        const [u1, u2, u3] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
        await presence.keepNodeAlive(dead, 100);
        await presence.keepNodeAlive(alive, 30_000);
        await presence.setOnline(u1, dead);
        await presence.setOnline(u2, dead);
        await presence.setOnline(u2, alive);
        await presence.setOnline(u3, alive);
        await sleep(250);

        const reaped = await presence.reapDeadNodes();
        assert.ok(reaped.includes(dead), `reaped ${JSON.stringify(reaped)} should include ${dead}`);
        assert.ok(!reaped.includes(alive), 'a live node is not reaped');
        assert.deepEqual(await presence.usersOn(dead), []);
        assert.equal(await countOn(dead), 0);
        assert.deepEqual(await presence.nodesOf(u1), []);
        assert.deepEqual(await presence.nodesOf(u2), [alive]);
        assert.deepEqual(await sortedUsersOn(alive), [u2, u3].sort(byNumber));

        await waitFor(() => offlineOn(recorder, dead).length >= 2, eventTimeoutMs, 'two node-removed changes');
        await fence(recorder, [u1, u2, u3]);
        const offline = offlineOn(recorder, dead);
        assert.deepEqual(offline.map((change) => change.userId).sort(byNumber), [u1, u2].sort(byNumber));
        for (const change of offline) assert.equal(change.reason, 'node-removed');
        assert.deepEqual(offlineOn(recorder, alive), []);

        assert.ok(!(await presence.reapDeadNodes()).includes(dead), 'a reaped node is not reaped again');
      } finally {
        recorder.stop();
      }
    });

    test('concurrent reaps clean a dead node exactly once', async () => {
      const recorder = record();
      try {
        const dead = newNode();
        const users = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
        await presence.keepNodeAlive(dead, 50);
        for (const user of users) await presence.setOnline(user, dead);
        await sleep(200);

        const results = await Promise.all([presence.reapDeadNodes(), presence.reapDeadNodes(), presence.reapDeadNodes()]);
        assert.equal(results.filter((reaped) => reaped.includes(dead)).length, 1, `results ${JSON.stringify(results)}`);
        await waitFor(() => offlineOn(recorder, dead).length >= 3, eventTimeoutMs, 'three node-removed changes');
        await fence(recorder, users);
        assert.equal(offlineOn(recorder, dead).length, 3, 'one offline change per user, however many reapers ran');
        for (const user of users) assert.deepEqual(await presence.nodesOf(user), []);
      } finally {
        recorder.stop();
      }
    });

    test('a node that never declared liveness is never reaped', async () => {
      const node = newNode();
      const user = uniqueNumber();
      await presence.setOnline(user, node);
      assert.ok(!(await presence.reapDeadNodes()).includes(node));
      assert.deepEqual(await presence.nodesOf(user), [node]);
      assert.deepEqual(await presence.usersOn(node), [user]);
    });

    test('keepNodeAlive extends the liveness; a node that stops renewing it is reaped', async () => {
      const node = newNode();
      const user = uniqueNumber();
      await presence.keepNodeAlive(node, 1000);
      await presence.setOnline(user, node);
      await sleep(500);
      await presence.keepNodeAlive(node, 1000);
      await sleep(700); // past the first lapse (1000 ms), 300 ms before the renewed one
      assert.ok(!(await presence.reapDeadNodes()).includes(node), 'a renewed node is alive');
      assert.deepEqual(await presence.nodesOf(user), [node]);
      await sleep(500);
      assert.ok((await presence.reapDeadNodes()).includes(node), 'the renewal lapsed too');
      assert.deepEqual(await presence.nodesOf(user), []);
    });

    test("replaceNode makes a node's entries exactly the given users", async () => {
      const recorder = record();
      try {
        const [node, other] = [newNode(), newNode()];
        const [u1, u2, u3] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
        await presence.setOnline(u1, node);
        await presence.setOnline(u2, node);
        await presence.setOnline(u1, other);
        await eventsOf(recorder, u2, 1, 'the first online of u2');

        await presence.replaceNode(node, [u2, u3]);
        assert.deepEqual(await sortedUsersOn(node), [u2, u3].sort(byNumber));
        assert.deepEqual(await presence.nodesOf(u1), [other], 'other nodes keep their entries');
        assert.deepEqual(await presence.nodesOf(u3), [node]);
        assert.equal(await countOn(node), 2);
        await fence(recorder, [u1, u2, u3]);
        assert.deepEqual(
          recorder.of(u1).map((change) => `${change.kind}@${change.nodeId}`),
          [`online@${node}`, `online@${other}`, `offline@${node}`],
        );
        assert.deepEqual(recorder.of(u2).map((change) => change.kind), ['online'], 'an entry that stays emits nothing');
        assert.deepEqual(recorder.of(u3).map((change) => change.kind), ['online']);

        await presence.replaceNode(node, []);
        assert.deepEqual(await presence.usersOn(node), []);
        assert.equal(await countOn(node), 0);
        assert.deepEqual(await presence.usersOn(other), [u1]);
      } finally {
        recorder.stop();
      }
    });

    test('an unsubscribed listener gets no more changes', async () => {
      const stopped = record();
      const sentinel = record();
      try {
        stopped.stop();
        stopped.stop(); // a second call is harmless
        const user = uniqueNumber();
        const node = newNode();
        await presence.setOnline(user, node);
        await presence.setOffline(user, node);
        await eventsOf(sentinel, user, 2, 'the sentinel');
        await sleep(quietMs);
        assert.deepEqual(stopped.changes, []);
      } finally {
        sentinel.stop();
      }
    });
  });
}
