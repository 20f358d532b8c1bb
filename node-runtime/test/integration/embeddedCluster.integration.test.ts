/**
 * Several nodes in one process on shared in-memory backends (the console's sandbox cluster):
 * P2P and group traffic crosses nodes through the bus, presence and the registry see every node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RawClient } from '../helpers/rawClient.js';
import { loginAgain, registerAndLogin, startTestCluster, uniqueName, type TestUser } from '../helpers/testNode.js';
import { waitFor } from '../helpers/waitFor.js';


describe('embedded cluster of three nodes', () => {
  let cluster: Awaited<ReturnType<typeof startTestCluster>>;
  const opened: RawClient[] = [];
  const user = async (nodeIndex: number, prefix: string, extended = false): Promise<TestUser> => {
    const created = await registerAndLogin(cluster.nodes[nodeIndex]!.port, prefix, { extended });
    opened.push(created.client);
    return created;
  };
  before(async () => {
    cluster = await startTestCluster(3);
  });
  after(async () => {
    for (const client of opened) client.close();
    await cluster.stop();
  });

  test('the registry lists every node as passing', async () => {
    const nodes = await cluster.backends.registry.list();
    assert.deepEqual(nodes.map((n) => [n.id, n.health]), [['node-1', 'passing'], ['node-2', 'passing'], ['node-3', 'passing']]);
    assert.ok(nodes.every((n) => n.port > 0 && n.meta.version));
  });

  test('P2P crosses nodes, and presence shows where each user is', async () => {
    const alice = await user(0, 'xa');
    const bob = await user(2, 'xb');
    assert.deepEqual(await cluster.backends.presence.nodesOf(bob.id), ['node-3']);
    alice.client.send(208, { to_user_id: bob.username, content: 'across' });
    const push = await bob.client.next(208);
    assert.equal(push.json.content, 'across');
    assert.equal(push.json.from_user_id, alice.uuid);
  });

  test('a user on two nodes gets the message on both', async () => {
    const alice = await user(0, 'two');
    const bob = await user(1, 'two');
    const bobElsewhere = await loginAgain(cluster.nodes[2]!.port, bob.username);
    opened.push(bobElsewhere);
    assert.deepEqual((await cluster.backends.presence.nodesOf(bob.id)).sort(), ['node-2', 'node-3']);
    alice.client.send(208, { to_user_id: bob.uuid, content: 'everywhere' });
    assert.equal((await bob.client.next(208)).json.content, 'everywhere');
    assert.equal((await bobElsewhere.next(208)).json.content, 'everywhere');
  });

  test('offline on every node: the message waits in the inbox and is replayed on whichever node the user logs in', async () => {
    const alice = await user(0, 'off');
    const bob = await user(1, 'off');
    bob.client.close();
    await waitFor(async () => (await cluster.backends.presence.nodesOf(bob.id)).length === 0, 2000);
    alice.client.send(208, { to_user_id: bob.username, content: 'while you were out' });
    await alice.client.request(1, 'ping', 2);
    const back = await loginAgain(cluster.nodes[2]!.port, bob.username);
    opened.push(back);
    assert.equal((await back.next(208)).json.content, 'while you were out');
  });

  test('a group spread over three nodes: every other member gets 312, the sender 311', async () => {
    const owner = await user(0, 'grp');
    const second = await user(1, 'grp');
    const third = await user(2, 'grp');
    const groupId = (await owner.client.request(215, { name: uniqueName('spread') }, 216)).json.id;
    await second.client.request(217, { group_id: groupId }, 218);
    await third.client.request(217, { group_id: groupId }, 218);
    const ack = await third.client.request(310, { group_id: groupId, content: 'hello all' }, 311);
    assert.equal(ack.json.status, 0);
    assert.equal((await owner.client.next(312)).json.content, 'hello all');
    assert.equal((await second.client.next(312)).json.content, 'hello all');
    await third.client.expectSilence(100, 312);
  });

  test('a member removed on another node stops receiving at once', async () => {
    const owner = await user(0, 'kick');
    const target = await user(1, 'kick');
    const groupId = (await owner.client.request(215, { name: uniqueName('kick') }, 216)).json.id;
    await target.client.request(217, { group_id: groupId }, 218);
    await owner.client.request(310, { group_id: groupId, content: 'before' }, 311);
    assert.equal((await target.client.next(312)).json.content, 'before');
    await owner.client.request(230, { group_id: groupId, target_user_id: target.id }, 231);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await owner.client.request(310, { group_id: groupId, content: 'after' }, 311);
    await target.client.expectSilence(150, 312);
  });

  test('extended clients: acked messages reach a recipient that moves to another node, once each', async () => {
    const alice = await user(0, 'mv', true);
    const bob = await user(1, 'mv', true);
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      alice.client.send(208, { to_user_id: bob.username, content: `m${i}`, client_msg_id: `mv-${i}` });
      sent.push(`m${i}`);
      if (i === 9) bob.client.close();
    }
    for (let i = 0; i < 20; i++) assert.equal((await alice.client.next(1003)).json.status, 0);
    const moved = await loginAgain(cluster.nodes[2]!.port, bob.username, { extended: true });
    opened.push(moved);
    const sync = await moved.request(1005, { since: 0, limit: 100 }, 1006);
    assert.deepEqual(sync.json.messages.map((m: { content: string }) => m.content), sent);
    assert.deepEqual(sync.json.messages.map((m: { seq: number }) => m.seq), Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test('stopping a node removes its presence entries and its registry entry', async () => {
    const lonely = await user(2, 'stop');
    const node3 = cluster.nodes[2]!;
    assert.ok((await cluster.backends.presence.usersOn('node-3')).includes(lonely.id));
    await node3.stop();
    assert.deepEqual(await cluster.backends.presence.usersOn('node-3'), []);
    assert.deepEqual((await cluster.backends.registry.list()).map((n) => n.id), ['node-1', 'node-2']);
    await lonely.client.closed;
  });
});
