/**
 * The Redis stores as a cluster uses them: two store instances on two connections (two nodes)
 * racing on one real redis-server (append-only, fsync always), a Redis restart in the middle of a
 * write loop, and hostile names that must never reach a key. (The contract suite runs on a
 * cluster-mode server, which proves no script or MULTI spans hash slots; this file stays on a
 * plain server because a cluster-mode restart adds Redis's own 2 s writable delay.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../../../infrastructure/local/lib/redisServer.js';
import { connectRedisChatStore, type RedisChatStore } from '../../src/cluster/store/redisChatStore.js';
import { connectRedisPresenceStore } from '../../src/cluster/presence/redisPresenceStore.js';
import type { PresenceChange } from '../../src/cluster/presence/presenceStore.js';
import type { BackendState } from '../../src/cluster/backendHealth.js';
import type { DirectMessageInput, NewUser } from '../../src/cluster/store/records.js';
import { StoreConflictError } from '../../src/cluster/store/storeErrors.js';
import { sleep, waitFor } from '../helpers/waitFor.js';

let server: RedisServer;
let stateDir = '';
let a: RedisChatStore;
let b: RedisChatStore;
let raw: Redis;
let nextId = 1_500_000_000;
const uid = (): number => ++nextId;
const TIMEOUT = { timeout: 20_000 };

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'czc-redis-it-'));
  server = await startRedisServer({ stateDir, persistence: true, appendfsync: 'always' });
  [a, b] = await Promise.all([connectRedisChatStore({ url: server.url }), connectRedisChatStore({ url: server.url })]);
  raw = new Redis(server.url, { maxRetriesPerRequest: 2, commandTimeout: 5000 });
  raw.on('error', () => undefined); // outages are part of these tests
});

after(async () => {
  await Promise.allSettled([a?.close(), b?.close()]);
  raw?.disconnect();
  await server?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function newUser(username: string, overrides: Partial<NewUser> = {}): NewUser {
  return { uuid: randomUUID(), username, email: `${randomUUID()}@example.test`, avatar: '', passwordHash: 'h', createdAt: Date.now(), ...overrides };
}

function dm(fromId: number, toId: number, overrides: Partial<DirectMessageInput> = {}): DirectMessageInput {
  return { msgId: randomUUID(), fromId, fromUuid: `u-${fromId}`, toId, toInput: String(toId), content: 'hi', type: 'text', sentAt: Date.now(), ...overrides };
}

describe('two nodes racing on one Redis', () => {
  test('concurrent registrations of one username or one email: exactly one wins, losers leave no claim', TIMEOUT, async () => {
    const username = `race-${randomUUID()}`;
    const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).createUser(newUser(username)));
    const results = await Promise.allSettled(attempts);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    for (const result of results) {
      if (result.status === 'rejected') assert.ok(result.reason instanceof StoreConflictError && result.reason.what === 'username', String(result.reason));
    }
    const winner = await a.getUserByUsername(username);
    assert.deepEqual(await b.getUserByUsername(username), winner);

    const email = `${randomUUID()}@race.test`;
    const names = Array.from({ length: 12 }, () => `race-${randomUUID()}`);
    const byEmail = await Promise.allSettled(names.map((name, i) => (i % 2 === 0 ? a : b).createUser(newUser(name, { email }))));
    assert.equal(byEmail.filter((result) => result.status === 'fulfilled').length, 1);
    const losers = names.filter((_, i) => byEmail[i]?.status === 'rejected');
    assert.equal(losers.length, 11);
    for (const name of losers) assert.equal(await raw.hexists('idx:username', name), 0, 'a loser gave its username back');
  });

  test('concurrent takeOfflineInbox from two nodes: one gets everything, the other nothing', TIMEOUT, async () => {
    for (let round = 0; round < 5; round++) {
      const [from, to] = [uid(), uid()];
      const seqs: number[] = [];
      for (let i = 0; i < 20; i++) seqs.push((await a.storeDirectMessage(dm(from, to, { content: `m${i}` }))).seq);
      await b.addToOfflineInbox(to, seqs);
      const taken = await Promise.all(round % 2 === 0 ? [a.takeOfflineInbox(to), b.takeOfflineInbox(to)] : [b.takeOfflineInbox(to), a.takeOfflineInbox(to)]);
      assert.deepEqual(taken.map((entries) => entries.length).sort((x, y) => x - y), [0, 20]);
      assert.deepEqual(taken.flat().map((entry) => entry.seq), seqs);
    }
  });

  test('seqs from two writers to one recipient are unique and gap-free', TIMEOUT, async () => {
    const to = uid();
    const [fromA, fromB] = [uid(), uid()];
    const sends = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a.storeDirectMessage(dm(fromA, to)) : b.storeDirectMessage(dm(fromB, to))));
    const seqs = (await Promise.all(sends)).map((result) => result.seq).sort((x, y) => x - y);
    assert.deepEqual(seqs, Array.from({ length: 300 }, (_, i) => i + 1));
    const { entries, hasMore } = await b.readMailbox(to, 0, 1000);
    assert.equal(hasMore, false);
    assert.deepEqual(entries.map((entry) => entry.seq), seqs);
    assert.equal(new Set(entries.map((entry) => entry.msgId)).size, 300);
  });

  test('presence: changes made by one node reach the other, and two reapers clean a dead node once', TIMEOUT, async () => {
    const [pa, pb] = await Promise.all([connectRedisPresenceStore({ url: server.url }), connectRedisPresenceStore({ url: server.url })]);
    try {
      const seen: PresenceChange[] = [];
      const stop = pb.subscribe((change) => seen.push(change));
      const dead = `dead-${randomUUID()}`;
      const users = [uid(), uid(), uid()];
      await pa.keepNodeAlive(dead, 50);
      for (const user of users) await pa.setOnline(user, dead);
      await waitFor(() => seen.filter((change) => change.nodeId === dead).length === 3, 2000, 'online changes made by the other node');
      await sleep(150);
      const [reapedA, reapedB] = await Promise.all([pa.reapDeadNodes(), pb.reapDeadNodes()]);
      assert.equal([...reapedA, ...reapedB].filter((node) => node === dead).length, 1);
      await waitFor(() => seen.filter((change) => change.kind === 'offline').length >= 3, 2000, 'node-removed changes');
      await sleep(50);
      const offline = seen.filter((change) => change.kind === 'offline');
      assert.equal(offline.length, 3);
      assert.ok(offline.every((change) => change.reason === 'node-removed' && change.nodeId === dead));
      stop();
    } finally {
      await Promise.allSettled([pa.close(), pb.close()]);
    }
  });
});

describe('retention and crashed steps', () => {
  test('mailboxes, histories and offline inboxes are capped and carry TTLs; seqs and acks survive the cap', TIMEOUT, async () => {
    const limits = { maxListLength: 5, historyTtlMs: 60_000, mailboxTtlMs: 50_000, groupHistoryTtlMs: 40_000, dedupWindowMs: 30_000 };
    const store = await connectRedisChatStore({ url: server.url, limits });
    try {
      const [from, to] = [uid(), uid()];
      const seqs: number[] = [];
      for (let i = 0; i < 8; i++) seqs.push((await store.storeDirectMessage(dm(from, to, { clientMsgId: `keep-${i}` }))).seq);
      await store.addToOfflineInbox(to, seqs);
      assert.deepEqual((await store.readMailbox(to, 0, 100)).entries.map((entry) => entry.seq), [4, 5, 6, 7, 8]);
      assert.equal((await store.directHistory(from, to, 100)).length, 5);
      assert.equal(await raw.llen(`{u:${to}}:offline`), 5);
      await store.ackMailbox(to, 100);
      assert.equal(await store.getMailboxAck(to), 8, 'the cap does not move the ack past the last seq');
      const pttl = async (key: string) => raw.pttl(key);
      const lo = Math.min(from, to);
      const hi = Math.max(from, to);
      assert.ok((await pttl(`{c:${lo}:${hi}}:history`)) > 55_000);
      assert.ok((await pttl(`{u:${to}}:mbox`)) > 45_000 && (await pttl(`{u:${to}}:mbox`)) <= 50_000);
      assert.ok((await pttl(`{u:${to}}:offline`)) > 45_000);
      assert.equal(await pttl(`{u:${to}}:mailbox`), -1, 'the seq counter never expires');

      const group = await store.createGroup({ name: `ret-${randomUUID()}`, ownerId: from, description: '', avatar: '', createdAt: Date.now() });
      for (let i = 0; i < 7; i++) {
        await store.appendGroupMessage({ msgId: randomUUID(), groupId: group.id, senderId: from, senderUuid: 'u', senderName: 'n', content: `g${i}`, createdAt: Date.now(), clientMsgId: `g-${i}` });
      }
      assert.deepEqual((await store.groupHistory(group.id, 0, 100)).map((record) => record.content), ['g6', 'g5', 'g4', 'g3', 'g2']);
      assert.ok((await pttl(`{g:${group.id}}:history`)) > 35_000);
      const dedupKeys = await raw.keys(`{g:${group.id}}:dedup:*`);
      assert.equal(dedupKeys.length, 7);
      for (const key of dedupKeys) assert.ok((await pttl(key)) > 25_000 && (await pttl(key)) <= 30_000);
    } finally {
      await store.close();
    }
  });

  test('a registration that died between its steps does not block the name for good', TIMEOUT, async () => {
    const store = await connectRedisChatStore({ url: server.url, limits: { claimStaleMs: 200 } });
    try {
      // A creator that wrote its pending profile and claimed the username, then crashed.
      const ghostName = `ghost-${randomUUID()}`;
      const ghostId = Number(await raw.incr('ids:user'));
      await raw.hset(`{u:${ghostId}}:profile`, 'state', 'pending', 'since', String(Date.now()), 'username', ghostName);
      await raw.hset('idx:username', ghostName, String(ghostId));
      await assert.rejects(store.createUser(newUser(ghostName)), StoreConflictError, 'a fresh pending claim still counts');
      await sleep(300);
      const user = await store.createUser(newUser(ghostName));
      assert.equal((await store.getUserByUsername(ghostName))?.id, user.id);
      assert.equal(await raw.hget(`{u:${ghostId}}:profile`, 'state'), 'abandoned', 'the stalled creator can no longer commit');

      // A claim whose record was rolled back but not released.
      const orphanName = `orphan-${randomUUID()}`;
      await raw.hset('idx:username', orphanName, String(Number(await raw.incr('ids:user'))));
      const orphan = await store.createUser(newUser(orphanName));
      assert.equal((await store.getUserByUsername(orphanName))?.id, orphan.id);
    } finally {
      await store.close();
    }
  });
});

describe('Redis restarted mid-way (append-only file)', () => {
  for (const how of ['graceful restart', 'kill -9 and start'] as const) {
    test(`${how}: the stores reconnect, health goes down then ok, writes succeed again and nothing is lost or doubled`, { timeout: 30_000 }, async () => {
      const presence = await connectRedisPresenceStore({ url: server.url });
      const observer = await connectRedisPresenceStore({ url: server.url });
      try {
        const [from, to] = [uid(), uid()];
        const states: Array<{ at: number; store: BackendState; presence: BackendState }> = [];
        const sampler = setInterval(() => {
          const last = states[states.length - 1];
          const now = { at: Date.now(), store: a.health().state, presence: presence.health().state };
          if (!last || last.store !== now.store || last.presence !== now.presence) states.push(now);
        }, 2);

        const acked = new Map<string, number>(); // clientMsgId → seq
        let failures = 0;
        let restartedAt = 0;
        let readyAt = 0;
        let firstOkAfterRestart = 0;
        let longestGap = 0;
        let lastOk = Date.now();
        let running = true;
        const writer = (async () => {
          for (let i = 0; running; i++) {
            const clientMsgId = `cmid-${i}`;
            try {
              const result = await a.storeDirectMessage(dm(from, to, { clientMsgId, content: `n${i}` }));
              const now = Date.now();
              acked.set(clientMsgId, result.seq);
              longestGap = Math.max(longestGap, now - lastOk);
              lastOk = now;
              if (restartedAt > 0 && readyAt > 0 && firstOkAfterRestart === 0) firstOkAfterRestart = now;
            } catch {
              failures += 1;
            }
          }
        })();

        await waitFor(() => acked.size >= 50, 5000, '50 writes before the restart');
        const epochs = [a.connectionEpoch(), presence.connectionEpoch()];
        restartedAt = Date.now();
        if (how === 'graceful restart') {
          await server.restart();
        } else {
          await server.kill();
          await server.start();
        }
        readyAt = Date.now();
        await waitFor(() => firstOkAfterRestart > 0 && acked.size >= 100, 10_000, 'writes after the restart');
        running = false;
        await writer;
        await waitFor(() => presence.health().state === 'ok' && a.health().state === 'ok', 5000, 'health ok again');
        clearInterval(sampler);

        assert.deepEqual(
          [a.connectionEpoch(), presence.connectionEpoch()].map((epoch, i) => epoch > (epochs[i] ?? 0)),
          [true, true],
          'the reconnect shows in connectionEpoch, even to a poller that missed the outage',
        );
        const recoveryMs = firstOkAfterRestart - readyAt;
        console.log(
          `redis ${how}: server down→PING ${readyAt - restartedAt} ms; first write ok ${recoveryMs} ms after PING answered; ` +
            `longest gap between successful writes ${longestGap} ms; failed writes ${failures}; health ${states.map((s) => `${s.store}/${s.presence}@${s.at - restartedAt}`).join(' → ')}`,
        );
        assert.ok(recoveryMs < 5000, `writes succeed again within 5 s of Redis being back (took ${recoveryMs} ms)`);
        const storeStates = states.map((s) => s.store);
        const downAt = storeStates.indexOf('down');
        assert.ok(downAt >= 0, 'store health went down');
        assert.ok(storeStates.slice(downAt).includes('ok'), 'and came back to ok');
        assert.ok(states.some((s) => s.presence === 'down' || s.presence === 'degraded'), 'presence health noticed the outage');

        // Durable and exactly once: every acknowledged message is in the mailbox once; seqs have no gaps.
        const { entries } = await b.readMailbox(to, 0, 10_000);
        assert.deepEqual(entries.map((entry) => entry.seq), Array.from({ length: entries.length }, (_, i) => i + 1), 'seqs unique and gap-free');
        const ids = entries.map((entry) => entry.clientMsgId);
        assert.equal(new Set(ids).size, ids.length, 'no message stored twice');
        for (const [clientMsgId, seq] of acked) assert.equal(entries[seq - 1]?.clientMsgId, clientMsgId);

        // The change feed resubscribed by itself (once the observer's own connection is back: the feed is at-most-once).
        await waitFor(() => observer.health().state === 'ok', 5000, 'the observer reconnected');
        const seen: PresenceChange[] = [];
        const stop = observer.subscribe((change) => seen.push(change));
        const node = `after-restart-${randomUUID()}`;
        const user = uid();
        await presence.setOnline(user, node);
        await waitFor(() => seen.some((change) => change.userId === user), 5000, 'a change after the restart');
        stop();
        await presence.removeNode(node);
      } finally {
        await Promise.allSettled([presence.close(), observer.close()]);
      }
    });
  }
});

describe('Redis down for longer than the retry budget', () => {
  test('writes fail within the bound instead of hanging, health says why and where, and the store recovers', { timeout: 20_000 }, async () => {
    const store = await connectRedisChatStore({ url: server.url, maxRetriesPerRequest: 2, commandTimeoutMs: 3000, retryMaxDelayMs: 200 });
    try {
      const [from, to] = [uid(), uid()];
      await store.storeDirectMessage(dm(from, to));
      await server.stop();
      await waitFor(() => store.health().state === 'down', 2000, 'health down');
      const started = Date.now();
      await assert.rejects(store.storeDirectMessage(dm(from, to)));
      const failedAfter = Date.now() - started;
      const health = store.health();
      console.log(`redis down: a write failed after ${failedAfter} ms; health ${JSON.stringify(health)}`);
      assert.ok(failedAfter < 3500, `bounded failure (${failedAfter} ms)`);
      assert.equal(health.endpoint, server.url);
      assert.match(health.detail, /\S/);

      await server.start();
      const back = Date.now();
      await waitFor(() => store.health().state === 'ok', 5000, 'health ok again');
      const result = await store.storeDirectMessage(dm(from, to));
      console.log(`redis back: store ready again ${Date.now() - back} ms after PING answered`);
      assert.equal(result.seq, 2, 'the failed write never ran, and the data survived the restart');
    } finally {
      if (!server.running) await server.start();
      await store.close();
    }
  });
});

describe('hostile names are values, never key parts', () => {
  const MB = 'x'.repeat(1 << 20);
  const hostile = ['{u:1}', '}{', 'a:b:c', '*', '?[a-z]*', 'with space', ' ', 'nul\u0000byte', 'ünïcødé 🙂 中文 עברית', 'line\r\nbreak', `{${MB}}`, `:${MB}*`];

  test('users, messages, groups and presence with hostile strings round-trip and add only numeric keys', { timeout: 30_000 }, async () => {
    for (const [i, text] of hostile.entries()) {
      const user = await a.createUser(newUser(text, { uuid: `${text}#uuid`, email: `${text}#${i}@mail`, avatar: text, passwordHash: text }));
      assert.deepEqual(await b.getUserByUsername(text), user);
      assert.deepEqual(await b.getUserByUuid(`${text}#uuid`), user);
      await assert.rejects(b.createUser(newUser(text)), StoreConflictError);

      const peer = uid();
      const message = dm(peer, user.id, { clientMsgId: text, content: text, toInput: text, fromUuid: text, type: text });
      const first = await a.storeDirectMessage(message);
      const again = await b.storeDirectMessage({ ...message, msgId: randomUUID() });
      assert.equal(again.duplicateOf?.msgId, message.msgId);
      assert.deepEqual((await b.readMailbox(user.id, 0, 10)).entries, [{ ...message, seq: first.seq }]);
      assert.deepEqual(await a.directHistory(user.id, peer, 5), [{ fromId: peer, content: text, sentAt: message.sentAt }]);

      const group = await a.createGroup({ name: text, ownerId: user.id, description: text, avatar: text, createdAt: Date.now() });
      assert.equal((await b.getGroup(group.id))?.name, text);
      assert.equal(await b.updateGroup(group.id, { name: `${text}!` }, Date.now()), true);
      assert.equal((await a.getGroup(group.id))?.name, `${text}!`);
      const posted = await a.appendGroupMessage({ msgId: randomUUID(), groupId: group.id, senderId: user.id, senderUuid: text, senderName: text, content: text, createdAt: Date.now(), clientMsgId: text });
      const retried = await b.appendGroupMessage({ ...posted.record, msgId: randomUUID() });
      assert.equal(retried.duplicate, true);
      assert.deepEqual(await b.groupHistory(group.id, 0, 5), [posted.record]);
    }

    const presence = await connectRedisPresenceStore({ url: server.url });
    try {
      for (const text of hostile) {
        await assert.rejects(presence.setOnline(uid(), text), { code: 'INVALID_KEY_PART' });
        await assert.rejects(presence.keepNodeAlive(text, 1000), { code: 'INVALID_KEY_PART' });
        assert.deepEqual(await presence.usersOn(text), []);
      }
    } finally {
      await presence.close();
    }
    await assert.rejects(a.storeDirectMessage(dm(uid(), Number.NaN)), { code: 'INVALID_KEY_PART' });
    assert.equal(await a.getUserById(1.5), null);
    assert.equal(await a.getGroup(-1), null);

    const allowed = new RegExp(
      '^(?:ids:(?:user|group)|idx:(?:username|email|uuid|groupname)|presence:nodes' +
        '|\\{u:\\d+\\}:(?:profile|mailbox|mbox|offline|relations|groups|dedup:\\d+:[0-9a-f]{40})' +
        '|\\{c:\\d+:\\d+\\}:history' +
        '|\\{g:\\d+\\}:(?:info|members|history|dedup:\\d+:[0-9a-f]{40})' +
        '|\\{p:\\d+\\}|\\{n:[A-Za-z0-9_.-]+\\}:(?:users|alive|meta|reaping))$',
    );
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await raw.scan(cursor, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    const unexpected = keys.filter((key) => !allowed.test(key));
    assert.deepEqual(unexpected.map((key) => key.slice(0, 80)), [], 'every key follows the layout');
    assert.ok(keys.every((key) => key.length < 100), 'no long keys');
  });
});
