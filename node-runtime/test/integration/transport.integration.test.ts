/** Framing, heartbeat, limits and hostile input over real TCP: the node keeps serving everyone else. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { frame, RawClient } from '../helpers/rawClient.js';
import { registerAndLogin, startTestNode, uniqueName, type TestNode } from '../helpers/testNode.js';

describe('transport', () => {
  let node: TestNode;
  const opened: RawClient[] = [];
  const connect = async () => {
    const client = await RawClient.connect(node.port);
    opened.push(client);
    return client;
  };
  before(async () => {
    node = await startTestNode();
  });
  after(async () => {
    for (const client of opened) client.close();
    await node.stop();
  });

  test('heartbeat: 1 with any body → 2 "pong", no login needed', async () => {
    const client = await connect();
    for (const body of ['ping', '', 'anything at all']) {
      const pong = await client.request(1, body, 2);
      assert.equal(pong.body.toString(), 'pong');
    }
  });

  test('unknown and unrouted ids are ignored without a reply; the connection stays usable', async () => {
    const client = await connect();
    for (const id of [0, 2, 3, 99, 106, 107, 209, 210, 221, 999, 1099, 0xffffffff]) client.send(id, '{"x":1}');
    const pong = await client.request(1, 'ping', 2);
    assert.equal(pong.body.toString(), 'pong');
    assert.deepEqual(client.pending(), [], 'nothing but the pong came back');
  });

  test('frames from one connection are handled strictly in order', async () => {
    const client = await connect();
    const username = uniqueName('order');
    // One write: register, login, relations, ping. Login needs the (slow, async) register done
    // first, and relations needs the login: any reordering shows up as an error code.
    client.writeRaw(
      Buffer.concat([
        frame(102, { username, password: 'pw', email: `${username}@x.test` }),
        frame(104, { username, password: 'pw' }),
        frame(213, ''),
        frame(1, 'ping'),
      ]),
    );
    const replies = [await client.next(), await client.next(), await client.next(), await client.next()];
    assert.deepEqual(replies.map((r) => r.id), [103, 105, 214, 2]);
    assert.equal(replies[1]?.json.code, 0);
    assert.equal(replies[2]?.json.code, 0);
  });

  test('a body of exactly the limit is accepted; one byte more closes the connection without a reply', async () => {
    const sender = await registerAndLogin(node.port, 'cap');
    opened.push(sender.client);
    const envelope = JSON.stringify({ to_user_id: sender.username, content: '' });
    const content = 'x'.repeat(8192 - envelope.length);
    sender.client.send(208, { to_user_id: sender.username, content });
    assert.equal((await sender.client.next(208)).json.content.length, content.length);

    const victim = await connect();
    const header = Buffer.alloc(8);
    header.writeUInt32LE(8193, 0);
    header.writeUInt32LE(208, 4);
    victim.writeRaw(header);
    await victim.closed;
    assert.deepEqual(victim.pending(), []);
    // Everyone else is still served.
    assert.equal((await sender.client.request(1, 'ping', 2)).body.toString(), 'pong');
  });

  test('a 4 GiB declared length is refused at the header, before any allocation', async () => {
    const client = await connect();
    const header = Buffer.alloc(8);
    header.writeUInt32LE(0xffffffff, 0);
    header.writeUInt32LE(104, 4);
    client.writeRaw(header);
    await client.closed;
  });

  test('random garbage gets a clean close or no reply; other clients never notice', async () => {
    const bystander = await registerAndLogin(node.port, 'calm');
    opened.push(bystander.client);
    for (let round = 0; round < 20; round++) {
      const attacker = await connect();
      attacker.writeRaw(randomBytes(64 + round * 97));
      attacker.send(104, randomBytes(200));
      attacker.send(102, '{"username":{"nested":[1,2,{"deep":true}]}}');
      attacker.send(310, '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const client of opened) if (client !== bystander.client && !client.isClosed) client.close();
    assert.equal((await bystander.client.request(1, 'ping', 2)).body.toString(), 'pong');
    assert.equal((await bystander.client.request(213, '', 214)).json.code, 0);
  });

  test('a frame split across many tiny writes is decoded', async () => {
    const client = await connect();
    const bytes = frame(1, 'ping');
    for (const byte of bytes) {
      client.writeRaw(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal((await client.next(2)).body.toString(), 'pong');
  });
});

describe('configured limits', () => {
  test('--max-frame: a smaller cap closes on the first larger frame', async () => {
    const node = await startTestNode({ maxFrameBytes: 16 });
    try {
      const client = await RawClient.connect(node.port);
      assert.equal((await client.request(1, 'x'.repeat(16), 2)).body.toString(), 'pong');
      client.send(1, 'x'.repeat(17));
      await client.closed;
    } finally {
      await node.stop();
    }
  });

  test('--max-conns: connections past the limit are closed at once; a freed slot is reused', async () => {
    const node = await startTestNode({ maxConnections: 2 });
    try {
      const first = await RawClient.connect(node.port);
      const second = await RawClient.connect(node.port);
      await first.request(1, 'ping', 2);
      await second.request(1, 'ping', 2);
      const third = await RawClient.connect(node.port);
      await third.closed;
      assert.deepEqual(third.pending(), []);
      assert.equal(node.node.stats().refusedConnections, 1);
      first.close();
      await first.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fourth = await RawClient.connect(node.port);
      assert.equal((await fourth.request(1, 'ping', 2)).body.toString(), 'pong');
      second.close();
      fourth.close();
    } finally {
      await node.stop();
    }
  });

  test('--idle-timeout: a silent connection is closed, one that keeps sending stays', async () => {
    const node = await startTestNode({ idleTimeoutMs: 300 });
    try {
      const silent = await RawClient.connect(node.port);
      const chatty = await RawClient.connect(node.port);
      const started = Date.now();
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await chatty.request(1, 'ping', 2);
      }
      await silent.closed;
      const silentFor = Date.now() - started;
      assert.ok(silentFor >= 290, `closed after ${silentFor} ms`);
      assert.equal(chatty.isClosed, false);
      chatty.close();
    } finally {
      await node.stop();
    }
  });
});
