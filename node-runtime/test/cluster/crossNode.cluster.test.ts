/**
 * Three chat node processes on a NATS JetStream cluster and Redis, talked to by legacy-protocol
 * clients (raw chat-zinx frames): P2P both ways across nodes, group fan-out to every node exactly
 * once, offline on one node then login on another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RawClient } from '../helpers/rawClient.js';
import { loginAgain, registerAndLogin, uniqueName, type TestUser } from '../helpers/testNode.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';

describe('cross-node traffic on a real cluster (3 nodes, NATS x3, Redis)', { timeout: 120_000 }, () => {
  let cluster: LocalCluster;
  const opened: RawClient[] = [];
  const user = async (nodeIndex: number, prefix: string): Promise<TestUser> => {
    const created = await registerAndLogin(cluster.nodes[nodeIndex]!.port, prefix);
    opened.push(created.client);
    return created;
  };
  before(async () => {
    cluster = await startLocalCluster({ nodes: 3 });
  });
  after(async () => {
    for (const client of opened) client.close();
    await cluster?.stop();
  });

  test('P2P both ways between node 1 and node 3', async () => {
    const alice = await user(0, 'p1');
    const bob = await user(2, 'p3');
    alice.client.send(208, { to_user_id: bob.username, content: 'from node 1' });
    const push = await bob.client.next(208, 10_000);
    assert.equal(push.json.content, 'from node 1');
    assert.equal(push.json.from_user_id, alice.uuid);
    bob.client.send(208, { to_user_id: alice.uuid, content: 'from node 3' });
    assert.equal((await alice.client.next(208, 10_000)).json.content, 'from node 3');
    const history = await alice.client.request(211, { target_username: bob.username }, 212);
    assert.deepEqual(history.json.data.map((m: { content: string }) => m.content), ['from node 1', 'from node 3']);
  });

  test('a group with members on every node: each other member gets 312 exactly once', async () => {
    const members = [await user(0, 'g'), await user(1, 'g'), await user(2, 'g'), await user(1, 'g')];
    const groupId = (await members[0]!.client.request(215, { name: uniqueName('clusterg') }, 216)).json.id;
    for (const member of members.slice(1)) assert.deepEqual((await member.client.request(217, { group_id: groupId }, 218)).json, { message: '成功加入群组' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ack = await members[2]!.client.request(310, { group_id: groupId, content: 'to all nodes' }, 311, 10_000);
    assert.equal(ack.json.status, 0);
    for (const member of [members[0]!, members[1]!, members[3]!]) {
      assert.equal((await member.client.next(312, 10_000)).json.content, 'to all nodes');
    }
    for (const member of members) await member.client.expectSilence(300, 312);
  });

  test('offline on node 1, login on node 2: the messages are delivered', async () => {
    const alice = await user(2, 'off');
    const bob = await user(0, 'off');
    bob.client.close();
    await bob.client.closed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const content of ['one', 'two']) alice.client.send(208, { to_user_id: bob.username, content });
    await alice.client.request(1, 'ping', 2);
    const back = await loginAgain(cluster.nodes[1]!.port, bob.username);
    opened.push(back);
    assert.deepEqual([(await back.next(208, 10_000)).json.content, (await back.next(208, 10_000)).json.content], ['one', 'two']);
  });

  test('the registry lists all three nodes and every node reports healthy backends', async () => {
    for (const node of cluster.nodes) {
      const health = (await (await fetch(`http://127.0.0.1:${node.adminPort}/healthz`)).json()) as { status: string; backends: Record<string, { state: string; endpoint: string }> };
      assert.equal(health.status, 'ok', JSON.stringify(health));
      assert.match(health.backends['bus']!.endpoint, /nats:\/\//);
      assert.match(health.backends['store']!.endpoint, /redis:\/\//);
    }
  });
});
