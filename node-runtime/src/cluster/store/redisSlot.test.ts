/** Redis Cluster hash slots: the spec's examples, agreement with ioredis' own slot library, and the key layout's tags. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { ChatKeys, PresenceKeys } from './redisKeys.js';
import { hashTag, keySlot } from './redisSlot.js';

const calculateSlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

describe('keySlot', () => {
  test('follows the cluster spec: CRC16 of the hash tag, mod 16384', () => {
    assert.equal(keySlot('123456789'), 0x31c3 % 16384); // the spec's CRC16 check value
    assert.equal(keySlot('{user1000}.following'), keySlot('{user1000}.followers'));
    assert.equal(hashTag('foo{}{bar}'), 'foo{}{bar}', 'an empty first tag hashes the whole key');
    assert.equal(hashTag('foo{{bar}}zap'), '{bar');
    assert.equal(hashTag('foo{bar}{zap}'), 'bar');
    assert.equal(hashTag('no-tag'), 'no-tag');
  });

  test('agrees with cluster-key-slot (what ioredis routes with) on ASCII and UTF-8 keys', () => {
    const keys = ['', 'a', 'presence:nodes', '{u:1}:profile', '{c:1:2}:history', 'idx:username', 'ключ', '{日本}:x', 'x{}y', '}{'];
    for (let i = 0; i < 500; i++) keys.push(`{u:${i * 7919}}:mbox`, `k${i}-${(i * 2654435761) % 1e9}`);
    for (const key of keys) assert.equal(keySlot(key), calculateSlot(key), key);
  });

  test('every key of one user, conversation, group, presence entry or node shares one slot', () => {
    const families: string[][] = [
      [ChatKeys.profile(42), ChatKeys.mailboxState(42), ChatKeys.mailbox(42), ChatKeys.offline(42), ChatKeys.directDedup(42, 7, 'cmid'), ChatKeys.relations(42), ChatKeys.userGroups(42)],
      [ChatKeys.conversation(3, 9), ChatKeys.conversation(9, 3)],
      [ChatKeys.groupInfo(5), ChatKeys.groupMembers(5), ChatKeys.groupHistory(5), ChatKeys.groupDedup(5, 42, 'cmid')],
      [PresenceKeys.nodeUsers('node-1'), PresenceKeys.nodeAlive('node-1'), PresenceKeys.nodeMeta('node-1'), PresenceKeys.nodeReaping('node-1')],
    ];
    for (const family of families) assert.equal(new Set(family.map(keySlot)).size, 1, family.join(' '));
    // …and different users are spread over slots (the point of per-user tags).
    const slots = new Set(Array.from({ length: 200 }, (_, i) => keySlot(ChatKeys.mailbox(i + 1))));
    assert.ok(slots.size > 150, `200 users use ${slots.size} slots`);
  });
});
