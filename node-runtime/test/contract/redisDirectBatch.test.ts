/**
 * The group commit of P2P messages on one Redis server (redisDirectBatch.ts), against a real
 * redis-server: one script per event-loop turn, arrival order kept, a duplicate inside one batch
 * caught, and a message that cannot be stored failing alone without losing the others.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../../../infrastructure/local/lib/redisServer.js';
import { createLogger } from '../../src/common/logger.js';
import { connectRedisChatStore, type RedisChatStore } from '../../src/cluster/store/redisChatStore.js';
import { ChatKeys } from '../../src/cluster/store/redisKeys.js';
import { scriptCalls } from '../helpers/redisCommandStats.js';
import type { DirectMessageInput } from '../../src/cluster/store/records.js';

let server: RedisServer | undefined;
let clusterServer: RedisServer | undefined;
let clusterStore: RedisChatStore;
let stateDir = '';
let admin: Redis;
let store: RedisChatStore;
const logLines: string[] = [];
let nextId = 7_000_000;

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'czc-redis-batch-'));
  server = await startRedisServer({ stateDir, persistence: false });
  admin = new Redis(server.url, { lazyConnect: true });
  await admin.connect();
  store = await connectRedisChatStore({ url: server.url, readyTimeoutMs: 5000, logger: createLogger({ level: 'warn', sink: (line) => logLines.push(line) }) });
  // A cluster-mode server through a single-server URL: the one-slot script per message (as on a Redis Cluster).
  clusterServer = await startRedisServer({ stateDir: join(stateDir, 'cluster'), persistence: false, cluster: true });
  clusterStore = await connectRedisChatStore({ url: clusterServer.url, readyTimeoutMs: 5000 });
});

after(async () => {
  await store?.close();
  await clusterStore?.close();
  admin?.disconnect();
  await server?.stop();
  await clusterServer?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function message(fromId: number, toId: number, content: string, clientMsgId?: string): DirectMessageInput {
  return {
    msgId: `m-${content}`,
    fromId,
    fromUuid: `uuid-${fromId}`,
    toId,
    toInput: String(toId),
    content,
    type: 'text',
    sentAt: 1_700_000_000_000,
    ...(clientMsgId ? { clientMsgId } : {}),
  };
}


test('messages sent in one turn commit in one script, in the order they were sent', async () => {
  const [from, to] = [nextId++, nextId++];
  await store.storeDirectMessage(message(from, to, 'warm')); // loads the script
  const before = await scriptCalls(server!.url);
  const stored = await Promise.all(Array.from({ length: 50 }, (_, index) => store.storeDirectMessage(message(from, to, `n${index}`))));
  assert.equal((await scriptCalls(server!.url)) - before, 1, 'one script for 50 messages');
  assert.deepEqual(
    stored.map((result) => result.seq),
    Array.from({ length: 50 }, (_, index) => index + 2),
  );
  const history = await store.directHistory(from, to, 100);
  assert.deepEqual(history.map((entry) => entry.content), ['warm', ...Array.from({ length: 50 }, (_, index) => `n${index}`)]);
  assert.deepEqual(await store.relations(from), [to]);
  assert.deepEqual(await store.relations(to), [from]);
});

test('a repeated client_msg_id inside one batch is stored once and answered with the original', async () => {
  const [from, to] = [nextId++, nextId++];
  const [first, again] = await Promise.all([store.storeDirectMessage(message(from, to, 'a', 'cm-1')), store.storeDirectMessage(message(from, to, 'b', 'cm-1'))]);
  assert.equal(first.duplicateOf, undefined);
  assert.equal(again.duplicateOf?.seq, first.seq);
  assert.equal(again.duplicateOf?.content, 'a');
  const { entries } = await store.readMailbox(to, 0, 10);
  assert.deepEqual(entries.map((entry) => entry.content), ['a']);
});

test('a message whose mailbox cannot be written fails alone; the rest of its batch is stored', async () => {
  const [from, good, broken] = [nextId++, nextId++, nextId++];
  await admin.set(ChatKeys.mailbox(broken), 'not a zset');
  const outcomes = await Promise.allSettled([
    store.storeDirectMessage(message(from, good, 'first')),
    store.storeDirectMessage(message(from, broken, 'lost')),
    store.storeDirectMessage(message(from, good, 'second')),
  ]);
  assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /WRONGTYPE/);
  const { entries } = await store.readMailbox(good, 0, 10);
  assert.deepEqual(entries.map((entry) => entry.content), ['first', 'second']);
  assert.equal(await admin.get(ChatKeys.mailbox(broken)), 'not a zset', 'the broken key is left as it was');
});

test('a history that cannot be written is logged; the message is still committed', async () => {
  const [from, to] = [nextId++, nextId++];
  await admin.set(ChatKeys.conversation(from, to), 'not a list');
  const stored = await store.storeDirectMessage(message(from, to, 'kept'));
  assert.equal(stored.seq, 1);
  const { entries } = await store.readMailbox(to, 0, 10);
  assert.deepEqual(entries.map((entry) => entry.content), ['kept']);
  assert.ok(logLines.some((line) => line.includes('direct_message_partial_write') && line.includes('WRONGTYPE')), logLines.join('\n'));
});

test('ids that cannot name a key are refused before anything is queued', async () => {
  await assert.rejects(store.storeDirectMessage(message(-1, nextId++, 'x')), /cannot be part of a Redis key/);
  await assert.rejects(store.storeDirectMessage(message(nextId++, 1.5, 'x')), /cannot be part of a Redis key/);
});

for (const mode of ['batched', 'one script per message'] as const) {
  test(`${mode}: a dedup key holds the seq, not a second copy; a retry after its original left the mailbox still gets that seq`, async () => {
    const target = mode === 'batched' ? store : clusterStore;
    const redis = new Redis((mode === 'batched' ? server : clusterServer)!.url);
    try {
      const [from, to] = [nextId++, nextId++];
      const first = await target.storeDirectMessage(message(from, to, 'hello', 'cm-seq'));
      const keys = await redis.keys(`{u:${to}}:dedup:*`);
      assert.equal(keys.length, 1);
      assert.equal(await redis.get(keys[0] as string), String(first.seq));
      const again = await target.storeDirectMessage(message(from, to, 'hello', 'cm-seq'));
      assert.equal(again.duplicateOf?.seq, first.seq);
      assert.equal(again.duplicateOf?.msgId, 'm-hello');
      await redis.del(ChatKeys.mailbox(to)); // trimmed or expired since
      const late = await target.storeDirectMessage({ ...message(from, to, 'hello', 'cm-seq'), msgId: 'm-retry' });
      assert.equal(late.duplicateOf?.seq, first.seq);
      assert.equal(late.duplicateOf?.content, 'hello');
      // A key written by an earlier version holds the whole entry: still answered with it.
      const oldKey = ChatKeys.directDedup(to, from, 'cm-old');
      const oldEntry = JSON.stringify({ seq: 41, ...message(from, to, 'old') });
      await redis.set(oldKey, oldEntry, 'PX', 60_000);
      const old = await target.storeDirectMessage(message(from, to, 'old', 'cm-old'));
      assert.equal(old.duplicateOf?.seq, 41);
      assert.equal(old.duplicateOf?.content, 'old');
    } finally {
      redis.disconnect();
    }
  });
}
