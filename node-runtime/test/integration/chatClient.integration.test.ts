/**
 * Our ChatClient against real nodes of an embedded cluster: every acknowledged message reaches
 * the recipient exactly once as it sees it, even when pushes from different nodes arrive out of
 * order and when the recipient's node goes away and the client fails over to another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatClient } from '../../src/client/index.js';
import type { TextPush } from '../../src/client/index.js';
import { startTestCluster, uniqueName } from '../helpers/testNode.js';
import { waitFor } from '../helpers/waitFor.js';

async function user(servers: string[], name: string): Promise<ChatClient> {
  const client = new ChatClient({ servers, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, requestTimeoutMs: 5000, heartbeatMs: false });
  client.on('error', () => {});
  await client.connect();
  const registered = await client.register({ username: name, password: 'pw', email: `${name}@x.test` });
  assert.equal(registered.code, 0);
  assert.equal((await client.login({ username: name, password: 'pw' })).code, 0);
  return client;
}


describe('ChatClient on a three-node embedded cluster', () => {
  let cluster: Awaited<ReturnType<typeof startTestCluster>>;
  const clients: ChatClient[] = [];
  const address = (index: number) => `127.0.0.1:${cluster.nodes[index]!.port}`;
  before(async () => {
    cluster = await startTestCluster(3);
  });
  after(async () => {
    for (const client of clients) await client.close();
    await cluster.stop();
  });

  test('two senders on two other nodes: 400 acknowledged messages, each seen once, none lost', async () => {
    const bobName = uniqueName('bob');
    const bob = await user([address(1)], bobName);
    const alice = await user([address(0)], uniqueName('alice'));
    const carol = await user([address(2)], uniqueName('carol'));
    clients.push(bob, alice, carol);
    const received: string[] = [];
    bob.on('text', (push: TextPush) => received.push(push.content));

    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      sends.push(alice.sendText(bobName, `a${i}`), carol.sendText(bobName, `c${i}`));
    }
    const acks = (await Promise.all(sends)) as Array<{ status: number }>;
    assert.ok(acks.every((ack) => ack.status === 0));
    await waitFor(() => received.length >= 400, 10_000, '400 messages');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(received.length, 400, 'no duplicates');
    assert.equal(new Set(received).size, 400);
    // Per sender, order is kept.
    const fromAlice = received.filter((content) => content.startsWith('a'));
    assert.deepEqual(fromAlice, Array.from({ length: 200 }, (_, i) => `a${i}`));
    assert.equal(bob.lastSeq, 400);
  });

  test('the recipient\'s node stops mid-stream: the client fails over and still sees every acked message once', async () => {
    const bobName = uniqueName('mover');
    const bob = await user([address(1), address(2)], bobName);
    const alice = await user([address(0)], uniqueName('sender'));
    clients.push(bob, alice);
    const received: string[] = [];
    bob.on('text', (push: TextPush) => received.push(push.content));

    const acked: string[] = [];
    for (let i = 0; i < 150; i++) {
      if (i === 50) void cluster.nodes[1]!.stop();
      const ack = await alice.sendText(bobName, `m${i}`);
      if (ack?.status === 0) acked.push(`m${i}`);
    }
    assert.equal(acked.length, 150);
    await waitFor(() => received.length >= 150, 15_000, 'all 150 messages after failover');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(bob.currentServer, address(2), 'moved to the surviving node');
    assert.deepEqual([...received].sort(), [...acked].sort(), 'every acked message exactly once');
    assert.deepEqual(received, acked, 'and in order');
  });
});
