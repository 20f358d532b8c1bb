/** DirectMessageService: the recipient cache (fewer store lookups, same answers) and sending several messages at once. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { MailboxEntry, UserRecord } from '../cluster/store/records.js';
import { DirectMessageService, RECIPIENT_CACHE_MS, type SendDirectInput, type SendDirectResult } from './directMessages.js';
import type { SessionUser } from './sessionUser.js';

/** The four store calls a send makes, over two users; it counts the lookups. */
function fakeStore(users: UserRecord[]) {
  const lookups = { uuid: 0, username: 0 };
  const seqs = new Map<number, number>();
  const stored: string[] = [];
  const store = {
    getUserByUuid: async (uuid: string) => (lookups.uuid++, users.find((user) => user.uuid === uuid) ?? null),
    getUserByUsername: async (name: string) => (lookups.username++, users.find((user) => user.username === name) ?? null),
    getUserById: async (id: number) => users.find((user) => user.id === id) ?? null,
    storeDirectMessage: async (message: { toId: number; content: string }) => {
      stored.push(message.content);
      if (message.content.startsWith('store-fails')) throw new Error('redis down');
      const seq = (seqs.get(message.toId) ?? 0) + 1;
      seqs.set(message.toId, seq);
      return { seq };
    },
  } as unknown as ChatStore;
  return { store, lookups, stored };
}

/** One message through sendMany, as the handler sends a lone 208. */
async function send(service: DirectMessageService, sender: SessionUser, input: SendDirectInput): Promise<SendDirectResult> {
  return (await service.sendMany(sender, [input]))[0] as SendDirectResult;
}

async function setup() {
  const make = (id: number, username: string): UserRecord =>
    ({ id, uuid: `uuid-${username}`, username, email: `${username}@t.test`, avatar: '', passwordHash: 'x', createdAt: 0, lastLogin: 0 }) as UserRecord;
  const alice = make(1, 'alice');
  const bob = make(2, 'bob');
  const { store, lookups, stored } = fakeStore([alice, bob]);
  const routed: MailboxEntry[] = [];
  const routeDirect = async (entries: readonly MailboxEntry[]) =>
    entries.map((entry): PromiseSettledResult<void> => {
      if (entry.content.startsWith('route-fails')) return { status: 'rejected', reason: new Error('no PubAck') };
      routed.push(entry);
      return { status: 'fulfilled', value: undefined };
    });
  const clock = { now: 1_000 };
  const service = new DirectMessageService(
    store,
    { routeDirect, routeGroup: async () => {}, membershipChanged: async () => {} },
    () => clock.now,
  );
  const sender = { id: alice.id, uuid: alice.uuid, username: alice.username };
  return { service, sender, bob, routed, clock, lookups, stored };
}

describe('DirectMessageService recipient cache', () => {
  test('a UUID or username is resolved from the store once, then from the cache until it expires', async () => {
    const { service, sender, bob, routed, clock, lookups } = await setup();
    for (let i = 0; i < 3; i++) {
      const result = await send(service, sender, { to: bob.uuid, content: `m${i}`, type: '' });
      assert.equal(result.ok && result.toUuid, bob.uuid);
    }
    assert.equal(lookups.uuid, 1);
    await send(service, sender, { to: 'bob', content: 'by name', type: '' });
    await send(service, sender, { to: 'bob', content: 'by name again', type: '' });
    assert.equal(lookups.username, 1);
    assert.equal(lookups.uuid, 2, 'a username is tried as a UUID first, once');
    clock.now += RECIPIENT_CACHE_MS + 1;
    await send(service, sender, { to: bob.uuid, content: 'after expiry', type: '' });
    assert.equal(lookups.uuid, 3);
    assert.deepEqual(routed.map((entry) => [entry.toId, entry.toInput, entry.seq]), [
      [bob.id, bob.uuid, 1],
      [bob.id, bob.uuid, 2],
      [bob.id, bob.uuid, 3],
      [bob.id, 'bob', 4],
      [bob.id, 'bob', 5],
      [bob.id, bob.uuid, 6],
    ]);
  });

  test('numeric references and unknown recipients are never cached', async () => {
    const { service, sender, bob, lookups } = await setup();
    for (let i = 0; i < 2; i++) {
      const result = await send(service, sender, { to: String(bob.id), content: 'by id', type: '' });
      assert.equal(result.ok && result.entry.toId, bob.id);
      assert.deepEqual(await send(service, sender, { to: 'nobody', content: 'x', type: '' }), { ok: false, reason: 'unknown_recipient' });
    }
    assert.equal(lookups.uuid, 4);
  });
});

describe('DirectMessageService.sendMany', () => {
  test('stores and routes in the order given, one result each; a failure costs only its own message', async () => {
    const { service, sender, bob, routed, stored } = await setup();
    const results = await service.sendMany(sender, [
      { to: bob.uuid, content: 'one', type: '' },
      { to: 'nobody', content: 'lost', type: '' },
      { to: bob.uuid, content: 'store-fails', type: '' },
      { to: 'bob', content: 'two', type: '' },
      { to: bob.uuid, content: 'route-fails', type: '' },
      { to: bob.uuid, content: 'three', type: '' },
    ]);
    assert.deepEqual(
      results.map((result) => (result.ok ? `ok ${result.entry.content} ${result.entry.seq}` : result.reason)),
      ['ok one 1', 'unknown_recipient', 'failed', 'ok two 2', 'failed', 'ok three 4'],
    );
    assert.deepEqual(stored, ['one', 'store-fails', 'two', 'route-fails', 'three']);
    assert.deepEqual(routed.map((entry) => entry.content), ['one', 'two', 'three']);
  });
});
