/** 208 P2P text, offline replay, 211 history and 213 relations over real TCP (§4.5, §4.3, §4.7, §4.8). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RawClient } from '../helpers/rawClient.js';
import { loginAgain, registerAndLogin, startTestNode, type TestNode} from '../helpers/testNode.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('P2P text (208)', () => {
  let node: TestNode;
  const opened: RawClient[] = [];
  const user = async (prefix: string) => {
    const created = await registerAndLogin(node.port, prefix);
    opened.push(created.client);
    return created;
  };
  before(async () => {
    node = await startTestNode();
  });
  after(async () => {
    for (const client of opened) client.close();
    await node.stop();
  });

  test('an online recipient gets the push in chat-zinx key order; the sender gets nothing back', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    alice.client.send(208, { to_user_id: bob.username, content: 'hi <bob> & co', sent_at: '0001-01-01T00:00:00Z', from_user_id: 'spoofed', extra: 1 });
    const push = await bob.client.next(208);
    assert.deepEqual(Object.keys(push.json), ['from_user_id', 'to_user_id', 'content', 'sent_at']);
    assert.equal(push.json.from_user_id, alice.uuid, 'the server overwrites from_user_id with the sender UUID');
    assert.equal(push.json.to_user_id, bob.username, 'to_user_id is echoed as typed');
    assert.equal(push.json.content, 'hi <bob> & co');
    assert.match(push.json.sent_at, RFC3339);
    assert.notEqual(push.json.sent_at, '0001-01-01T00:00:00Z', 'the server sets sent_at');
    assert.ok(push.body.includes('\\u003cbob\\u003e \\u0026'), 'Go escapes <, > and &');
    await alice.client.expectSilence(100);
  });

  test('the recipient may be named by UUID, username or numeric id; type is passed through', async () => {
    const alice = await user('a');
    const bob = await user('b');
    for (const to of [bob.uuid, bob.username, String(bob.id)]) {
      alice.client.send(208, { to_user_id: to, content: `via ${to}`, type: 'private' });
      const push = await bob.client.next(208);
      assert.equal(push.json.content, `via ${to}`);
      assert.equal(push.json.type, 'private');
      assert.deepEqual(Object.keys(push.json), ['from_user_id', 'to_user_id', 'content', 'type', 'sent_at']);
    }
  });

  test('every session of the recipient gets the push (chat-zinx picked one at random)', async () => {
    const alice = await user('a');
    const bob = await user('b');
    const bobTwo = await loginAgain(node.port, bob.username);
    opened.push(bobTwo);
    alice.client.send(208, { to_user_id: bob.username, content: 'both' });
    assert.equal((await bob.client.next(208)).json.content, 'both');
    assert.equal((await bobTwo.next(208)).json.content, 'both');
  });

  test('dropped silently: not logged in, bad JSON, unknown recipient, unparseable sent_at', async () => {
    const bob = await user('b');
    const anonymous = await RawClient.connect(node.port);
    opened.push(anonymous);
    anonymous.send(208, { to_user_id: bob.username, content: 'anon' });
    const alice = await user('a');
    alice.client.send(208, '{bad');
    alice.client.send(208, { to_user_id: 'nobody-at-all', content: 'x' });
    alice.client.send(208, { to_user_id: bob.username, content: 'bad time', sent_at: 'yesterday' });
    alice.client.send(208, { to_user_id: bob.username, content: 5 });
    await bob.client.expectSilence(150, 208);
    await alice.client.expectSilence(0);
    await anonymous.expectSilence(0);
    assert.equal(anonymous.isClosed, false);
  });

  test('a message to yourself is pushed to your own connection', async () => {
    const alice = await user('self');
    alice.client.send(208, { to_user_id: alice.uuid, content: 'note to self' });
    assert.equal((await alice.client.next(208)).json.content, 'note to self');
  });

  test('offline messages are replayed after 105 as decoded pushes, in order, identical ones kept, once', async () => {
    const alice = await user('a');
    const bob = await user('b');
    bob.client.close();
    await bob.client.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const content of ['one', 'ok', 'ok', 'three']) alice.client.send(208, { to_user_id: bob.uuid, content });
    await alice.client.request(1, 'ping', 2); // the four sends are handled before the pong
    const back = await RawClient.connect(node.port);
    opened.push(back);
    back.send(104, { username: bob.username, password: 'secret-pw' });
    const first = await back.next();
    assert.equal(first.id, 105, 'the login reply comes before the replay');
    const replayed = [];
    for (let i = 0; i < 4; i++) replayed.push(await back.next(208));
    assert.deepEqual(replayed.map((f) => f.json.content), ['one', 'ok', 'ok', 'three']);
    assert.equal(replayed[0]?.json.from_user_id, alice.uuid);
    // Taken once: a second login gets nothing.
    const again = await loginAgain(node.port, bob.username);
    opened.push(again);
    await again.expectSilence(150, 208);
  });

  test('history (211 → 212): both directions, oldest first, by UUID or username, limits', async () => {
    const alice = await user('ha');
    const bob = await user('hb');
    alice.client.send(208, { to_user_id: bob.username, content: 'm1' });
    await bob.client.next(208);
    bob.client.send(208, { to_user_id: alice.username, content: 'm2' });
    await alice.client.next(208);
    alice.client.send(208, { to_user_id: bob.username, content: 'm3' });
    await bob.client.next(208);

    const byUuid = await alice.client.request(211, { target_user_uuid: bob.uuid }, 212);
    assert.equal(byUuid.json.code, 0);
    assert.equal(byUuid.json.message, '成功');
    assert.deepEqual(byUuid.json.data.map((m: { content: string }) => m.content), ['m1', 'm2', 'm3']);
    assert.deepEqual(byUuid.json.data[1], { from_user_id: String(bob.id), content: 'm2', timestamp: byUuid.json.data[1].timestamp });
    assert.ok(Number.isInteger(byUuid.json.data[0].timestamp));
    // The Go client puts the username in both fields; chat-zinx then failed (§8.5). We fall back.
    const goClientStyle = await alice.client.request(211, { target_user_uuid: bob.username, target_username: bob.username }, 212);
    assert.equal(goClientStyle.json.data.length, 3);
    const limited = await bob.client.request(211, { target_username: alice.username, limit: 2 }, 212);
    assert.deepEqual(limited.json.data.map((m: { content: string }) => m.content), ['m2', 'm3']);
  });

  test('history errors and the omitted data key', async () => {
    const alice = await user('he');
    const loner = await user('lonely');
    const anonymous = await RawClient.connect(node.port);
    opened.push(anonymous);
    assert.deepEqual((await anonymous.request(211, {}, 212)).json, { code: 1, message: '用户未登录或会话无效' });
    assert.deepEqual((await alice.client.request(211, 'nope', 212)).json, { code: 2, message: '请求格式错误' });
    assert.deepEqual((await alice.client.request(211, { limit: '5' }, 212)).json, { code: 2, message: '请求格式错误' });
    assert.deepEqual((await alice.client.request(211, {}, 212)).json, { code: 3, message: '必须提供目标用户的UUID或用户名' });
    assert.deepEqual((await alice.client.request(211, { target_user_uuid: 'no-such' }, 212)).json, {
      code: 3,
      message: '目标用户UUID no-such 不存在',
    });
    assert.deepEqual((await alice.client.request(211, { target_username: 'no-such' }, 212)).json, {
      code: 3,
      message: '目标用户 no-such 不存在',
    });
    assert.deepEqual((await alice.client.request(211, { target_username: loner.username }, 212)).json, { code: 0, message: '成功' });
  });

  test('relations (213 → 214): peers as decimal strings, both ways, [] when none', async () => {
    const alice = await user('ra');
    const bob = await user('rb');
    const carol = await user('rc');
    assert.deepEqual((await carol.client.request(213, '', 214)).json, { code: 0, message: '成功', data: [] });
    alice.client.send(208, { to_user_id: bob.username, content: 'x' });
    alice.client.send(208, { to_user_id: carol.username, content: 'y' });
    await bob.client.next(208);
    await carol.client.next(208);
    const mine = await alice.client.request(213, 'ignored body', 214);
    assert.deepEqual([...mine.json.data].sort(), [String(bob.id), String(carol.id)].sort());
    assert.deepEqual((await bob.client.request(213, '', 214)).json.data, [String(alice.id)]);
  });

  test('re-login as another user on the same connection leaves no stale mapping (§8.10)', async () => {
    const alice = await user('rl');
    const bob = await user('rl');
    const carol = await user('rl');
    const shared = await loginAgain(node.port, alice.username);
    opened.push(shared);
    const switched = await shared.request(104, { username: carol.username, password: 'secret-pw' }, 105);
    assert.equal(switched.json.code, 0);
    bob.client.send(208, { to_user_id: alice.username, content: 'for alice' });
    assert.equal((await alice.client.next(208)).json.content, 'for alice');
    await shared.expectSilence(150, 208);
  });
});
