/** The opt-in extensions (docs/protocol-extensions.md): send acks, idempotent retries, delivery acks, sync, login replay. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RawClient } from '../helpers/rawClient.js';
import { loginAgain, registerAndLogin, startTestNode, uniqueName, type TestNode, type TestUser } from '../helpers/testNode.js';

describe('protocol extensions', () => {
  let node: TestNode;
  const opened: RawClient[] = [];
  const user = async (prefix: string, extended = true): Promise<TestUser> => {
    const created = await registerAndLogin(node.port, prefix, { extended });
    opened.push(created.client);
    return created;
  };
  const track = (client: RawClient) => (opened.push(client), client);
  before(async () => {
    node = await startTestNode({ id: 'ext-node' });
  });
  after(async () => {
    for (const client of opened) client.close();
    await node.stop();
  });

  test('1001 → 1002 opts in and reports the features, node and frame limit', async () => {
    const client = track(await RawClient.connect(node.port));
    const hello = await client.request(1001, { features: ['ack', 'sync', 'telepathy'], client: 'test/1' }, 1002);
    assert.deepEqual(hello.json.features, ['ack', 'sync']);
    assert.equal(hello.json.node_id, 'ext-node');
    assert.equal(hello.json.max_frame, 8192);
    assert.match(hello.json.server, /^chat-zinx-console\//);
    const bad = await client.request(1001, { features: 'ack' }, 1002);
    assert.ok(typeof bad.json.error === 'string');
  });

  test('a legacy connection never sees extension frames or fields', async () => {
    const alice = await user('leg', false);
    const bob = await user('leg', false);
    alice.client.send(208, { to_user_id: bob.username, content: 'x', client_msg_id: 'c1' });
    const push = await bob.client.next(208);
    assert.deepEqual(Object.keys(push.json), ['from_user_id', 'to_user_id', 'content', 'sent_at']);
    const groupId = (await alice.client.request(215, { name: uniqueName('lg') }, 216)).json.id;
    await bob.client.request(217, { group_id: groupId }, 218);
    const ack = await alice.client.request(310, { group_id: groupId, content: 'g', client_msg_id: 'c2' }, 311);
    assert.deepEqual(Object.keys(ack.json), ['msg_id', 'status']);
    assert.deepEqual(Object.keys((await bob.client.next(312)).json), ['group_id', 'from_user_id', 'from_user_uuid', 'from_username', 'content', 'timestamp']);
    await alice.client.expectSilence(100);
    bob.client.send(1004, { seq: 1 });
    bob.client.send(1005, { since: 0 });
    await bob.client.expectSilence(100);
  });

  test('208 with client_msg_id gets a 1003 ack; a retry is acked with the same msg_id and not delivered twice', async () => {
    const alice = await user('ack');
    const bob = await user('ack');
    alice.client.send(208, { to_user_id: bob.username, content: 'once', client_msg_id: 'retry-1' });
    const ack = await alice.client.next(1003);
    assert.equal(ack.json.status, 0);
    assert.equal(ack.json.client_msg_id, 'retry-1');
    assert.equal(ack.json.to_user_uuid, bob.uuid);
    const push = await bob.client.next(208);
    assert.equal(push.json.msg_id, ack.json.msg_id);
    assert.equal(push.json.seq, 1);
    alice.client.send(208, { to_user_id: bob.username, content: 'once', client_msg_id: 'retry-1' });
    const again = await alice.client.next(1003);
    assert.equal(again.json.msg_id, ack.json.msg_id);
    await bob.client.expectSilence(150, 208);
    const history = await alice.client.request(211, { target_username: bob.username }, 212);
    assert.equal(history.json.data.length, 1, 'the retry stored nothing');
  });

  test('1003 failures: unknown recipient, overlong id, not logged in', async () => {
    const alice = await user('nack');
    alice.client.send(208, { to_user_id: 'nobody-here', content: 'x', client_msg_id: 'n1' });
    assert.deepEqual((await alice.client.next(1003)).json, { client_msg_id: 'n1', status: 3, error: 'unknown recipient' });
    alice.client.send(208, { to_user_id: alice.username, content: 'x', client_msg_id: 'x'.repeat(65) });
    assert.equal((await alice.client.next(1003)).json.status, 1);
    const anonymous = track(await RawClient.connect(node.port));
    await anonymous.request(1001, {}, 1002);
    anonymous.send(208, { to_user_id: alice.username, content: 'x', client_msg_id: 'n2' });
    assert.deepEqual((await anonymous.next(1003)).json, { client_msg_id: 'n2', status: 2, error: 'not logged in' });
  });

  test('310 with client_msg_id echoes it in 311 and a retry is not pushed again', async () => {
    const alice = await user('gext');
    const bob = await user('gext');
    const groupId = (await alice.client.request(215, { name: uniqueName('eg') }, 216)).json.id;
    await bob.client.request(217, { group_id: groupId }, 218);
    const first = await alice.client.request(310, { group_id: groupId, content: 'g1', client_msg_id: 'g-1' }, 311);
    assert.deepEqual(Object.keys(first.json), ['msg_id', 'status', 'client_msg_id']);
    const push = await bob.client.next(312);
    assert.equal(push.json.msg_id, first.json.msg_id);
    assert.ok(Number.isInteger(push.json.id));
    const retry = await alice.client.request(310, { group_id: groupId, content: 'g1', client_msg_id: 'g-1' }, 311);
    assert.equal(retry.json.msg_id, first.json.msg_id);
    await bob.client.expectSilence(150, 312);
  });

  test('login replays every unacknowledged mailbox entry, in order, and acks stop the replay', async () => {
    const alice = await user('mb');
    const bob = await user('mb');
    for (const content of ['a', 'b', 'c']) alice.client.send(208, { to_user_id: bob.username, content, client_msg_id: `mb-${content}` });
    for (let i = 0; i < 3; i++) await alice.client.next(1003);
    const live = [await bob.client.next(208), await bob.client.next(208), await bob.client.next(208)];
    assert.deepEqual(live.map((f) => f.json.seq), [1, 2, 3]);
    bob.client.send(1004, { seq: 2 });
    await bob.client.request(1, 'ping', 2);
    bob.client.close();
    await bob.client.closed;

    const back = track(await loginAgain(node.port, bob.username, { extended: true }));
    const replayed = await back.next(208);
    assert.deepEqual([replayed.json.seq, replayed.json.content], [3, 'c']);
    await back.expectSilence(100, 208);

    const sync = await back.request(1005, { since: 0, limit: 2 }, 1006);
    assert.deepEqual(sync.json.messages.map((m: { content: string }) => m.content), ['a', 'b']);
    assert.equal(sync.json.next_since, 2);
    assert.equal(sync.json.has_more, true);
    const rest = await back.request(1005, { since: 2 }, 1006);
    assert.deepEqual(rest.json.messages.map((m: { seq: number }) => m.seq), [3]);
    assert.equal(rest.json.has_more, false);
  });

  test('a hostile ack far beyond the last seq does not hide later messages', async () => {
    const alice = await user('hostile');
    const bob = await user('hostile');
    bob.client.send(1004, { seq: 9007199254740991 });
    await bob.client.request(1, 'ping', 2);
    bob.client.close();
    await bob.client.closed;
    alice.client.send(208, { to_user_id: bob.username, content: 'still here', client_msg_id: 'h1' });
    await alice.client.next(1003);
    const back = track(await loginAgain(node.port, bob.username, { extended: true }));
    assert.equal((await back.next(208)).json.content, 'still here');
  });
});
