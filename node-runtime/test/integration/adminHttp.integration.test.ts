/** The admin port: Prometheus metrics that move with traffic, and backend health. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerAndLogin, startTestNode, type TestNode } from '../helpers/testNode.js';

describe('admin HTTP server', () => {
  let node: TestNode;
  let base: string;
  before(async () => {
    node = await startTestNode({ adminPort: 0 });
    base = `http://127.0.0.1:${node.adminPort}`;
  });
  after(async () => {
    await node.stop();
  });

  test('/metrics counts connections, accepted and delivered messages, and delivery latency', async () => {
    const alice = await registerAndLogin(node.port, 'm');
    const bob = await registerAndLogin(node.port, 'm');
    for (let i = 0; i < 3; i++) alice.client.send(208, { to_user_id: bob.username, content: `x${i}` });
    for (let i = 0; i < 3; i++) await bob.client.next(208);
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    const text = await response.text();
    assert.match(text, /chat_connections\{node="test-node"\} 2/);
    assert.match(text, /chat_messages_accepted_total\{kind="p2p",node="test-node"\} 3/);
    assert.match(text, /chat_messages_delivered_total\{kind="p2p",node="test-node"\} 3/);
    assert.match(text, /chat_delivery_latency_seconds_count\{node="test-node",kind="p2p"\} 3/);
    assert.match(text, /chat_backend_up\{port="bus",backend="memory",node="test-node"\} 1/);
    alice.client.close();
    bob.client.close();
  });

  test('/healthz reports every backend; unknown paths and methods are refused', async () => {
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; backends: Record<string, { state: string }> };
    assert.equal(body.status, 'ok');
    assert.deepEqual(Object.keys(body.backends).sort(), ['bus', 'presence', 'registry', 'store']);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
  });
});
