/** 102 register and 104 login over real TCP, every code of §4.2–4.3, with the default scrypt cost. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PasswordHasher } from '../../src/index.js';
import { RawClient } from '../helpers/rawClient.js';
import { startTestNode, uniqueName, type TestNode } from '../helpers/testNode.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('register (102 → 103) and login (104 → 105)', () => {
  let node: TestNode;
  let client: RawClient;
  before(async () => {
    node = await startTestNode({}, { hasher: new PasswordHasher() });
    client = await RawClient.connect(node.port);
  });
  after(async () => {
    client.close();
    await node.stop();
  });

  test('register succeeds with the documented data and does not log the connection in', async () => {
    const username = uniqueName('reg');
    const reply = await client.request(102, { username, password: 'pw', email: `${username}@x.test` }, 103);
    assert.deepEqual(Object.keys(reply.json), ['code', 'msg', 'data']);
    assert.equal(reply.json.code, 0);
    assert.equal(reply.json.msg, '注册成功');
    assert.deepEqual(Object.keys(reply.json.data), ['id', 'user_uuid', 'username', 'email', 'avatar']);
    assert.equal(reply.json.data.username, username);
    assert.equal(reply.json.data.avatar, '');
    assert.match(reply.json.data.user_uuid, /^[0-9a-f-]{36}$/);
    assert.ok(Number.isInteger(reply.json.data.id) && reply.json.data.id > 0);
    // Still not logged in: relations answers "not logged in".
    const relations = await client.request(213, '', 214);
    assert.deepEqual(relations.json, { code: 1, message: '未登录用户', data: null });
  });

  test('register errors: bad JSON, wrong types, empty fields, taken username and email', async () => {
    const cases: Array<[unknown, number, string]> = [
      ['not json', 1, '请求数据格式错误'],
      ['', 1, '请求数据格式错误'],
      [{ username: 5, password: 'a', email: 'e' }, 1, '请求数据格式错误'],
      [{ username: '', password: 'a', email: 'e' }, 2, '用户名和密码不能为空'],
      [{ username: 'a', password: '', email: 'e' }, 2, '用户名和密码不能为空'],
      [{ username: uniqueName(), password: 'a', email: '' }, 2, '邮箱不能为空'],
    ];
    for (const [body, code, msg] of cases) {
      const reply = await client.request(102, body, 103);
      assert.deepEqual(reply.json, { code, msg }, `body ${JSON.stringify(body)}`);
    }
    const username = uniqueName('dup');
    await client.request(102, { username, password: 'pw', email: `${username}@x.test` }, 103);
    const taken = await client.request(102, { username, password: 'pw', email: 'other@x.test' }, 103);
    assert.deepEqual(taken.json, { code: 4, msg: '注册失败: username already exists' });
    const emailTaken = await client.request(102, { username: uniqueName(), password: 'pw', email: `${username}@x.test` }, 103);
    assert.equal(emailTaken.json.code, 4);
    assert.match(emailTaken.json.msg, /^注册失败: 创建用户失败: /);
    const tooLong = await client.request(102, { username: 'u'.repeat(51), password: 'pw', email: 'long@x.test' }, 103);
    assert.equal(tooLong.json.code, 4);
  });

  test('keys match case-insensitively, like Go', async () => {
    const username = uniqueName('Case');
    const reply = await client.request(102, { USERNAME: username, Password: 'pw', eMail: `${username}@x.test` }, 103);
    assert.equal(reply.json.code, 0);
    const login = await client.request(104, { UserName: username, PASSWORD: 'pw' }, 105);
    assert.equal(login.json.code, 0);
  });

  test('login succeeds with data, an RFC 3339 last_login and a token', async () => {
    const username = uniqueName('login');
    const registered = await client.request(102, { username, password: 'pw1', email: `${username}@x.test` }, 103);
    const other = await RawClient.connect(node.port);
    try {
      const reply = await other.request(104, { username, password: 'pw1' }, 105);
      assert.equal(reply.json.code, 0);
      assert.equal(reply.json.msg, '登录成功');
      assert.deepEqual(Object.keys(reply.json.data), ['id', 'user_uuid', 'username', 'email', 'avatar', 'last_login', 'token']);
      assert.equal(reply.json.data.user_uuid, registered.json.data.user_uuid);
      assert.match(reply.json.data.last_login, RFC3339);
      assert.ok(typeof reply.json.data.token === 'string' && reply.json.data.token.length > 0);
      // last_login is the previous login (here: the registration time), then this login's time.
      const second = await other.request(104, { username, password: 'pw1' }, 105);
      assert.ok(Date.parse(second.json.data.last_login) >= Date.parse(reply.json.data.last_login));
    } finally {
      other.close();
    }
  });

  test('login errors: bad JSON, empty, wrong password, unknown user', async () => {
    const username = uniqueName('lerr');
    await client.request(102, { username, password: 'right', email: `${username}@x.test` }, 103);
    assert.deepEqual((await client.request(104, '{', 105)).json, { code: 1, msg: '请求数据格式错误' });
    assert.deepEqual((await client.request(104, { username: [], password: 'x' }, 105)).json, { code: 1, msg: '请求数据格式错误' });
    assert.deepEqual((await client.request(104, { username, password: '' }, 105)).json, { code: 2, msg: '用户名或密码不能为空' });
    assert.deepEqual((await client.request(104, { username, password: 'wrong' }, 105)).json, { code: 4, msg: '密码错误' });
    assert.deepEqual((await client.request(104, { username: uniqueName('ghost'), password: 'x' }, 105)).json, { code: 5, msg: '登录失败' });
  });

  test('repeated failures are throttled without checking the password, then a success clears them', async () => {
    const username = uniqueName('throttle');
    await client.request(102, { username, password: 'right', email: `${username}@x.test` }, 103);
    for (let i = 0; i < 5; i++) assert.equal((await client.request(104, { username, password: `bad${i}` }, 105)).json.code, 4);
    const throttled = await client.request(104, { username, password: 'right' }, 105);
    assert.equal(throttled.json.code, 6);
    assert.match(throttled.json.msg, /^登录尝试过多，请 \d+ 秒后再试$/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await client.request(104, { username, password: 'right' }, 105)).json.code, 0);
    assert.equal((await client.request(104, { username, password: 'bad' }, 105)).json.code, 4);
  });

  test('a failed login leaves an existing login in place', async () => {
    const username = uniqueName('keep');
    await client.request(102, { username, password: 'pw', email: `${username}@x.test` }, 103);
    const conn = await RawClient.connect(node.port);
    try {
      assert.equal((await conn.request(104, { username, password: 'pw' }, 105)).json.code, 0);
      assert.equal((await conn.request(104, { username, password: 'nope' }, 105)).json.code, 4);
      const relations = await conn.request(213, '', 214);
      assert.equal(relations.json.code, 0);
    } finally {
      conn.close();
    }
  });
});
