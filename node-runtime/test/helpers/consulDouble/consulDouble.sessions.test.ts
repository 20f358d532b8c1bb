/** Sessions and KV locks (reference §8.2, §9, checklist 16–17), on a manual clock. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, startConsulDouble, type ConsulDouble } from './index.js';
import { rawApi, serviceBody } from './rawApi.js';

interface Session {
  ID: string;
  Node: string;
  LockDelay: number;
  Behavior: string;
  TTL: string;
  NodeChecks: string[];
}
interface Pair {
  Key: string;
  Value: string | null;
  LockIndex: number;
  ModifyIndex: number;
  Session?: string;
}

describe('Consul double: sessions and locks', () => {
  let consul: ConsulDouble;
  const clock = new ManualClock();
  const api = (method: string, path: string, body?: string) => rawApi(consul.url, method, path, body);
  const create = async (body = '{}') => ((await api('PUT', '/v1/session/create', body)).json as { ID: string }).ID;
  const info = async (id: string) => ((await api('GET', `/v1/session/info/${id}`)).json as Session[])[0];
  const pair = async (key: string) => ((await api('GET', `/v1/kv/${key}`)).json as Pair[] | undefined)?.[0];

  before(async () => {
    consul = await startConsulDouble({ clock });
  });
  after(() => consul.stop());

  test('create: defaults, validation texts, LockDelay numbers below 1000 are seconds', async () => {
    const id = await create();
    const session = await info(id);
    assert.equal(session?.Node, 'consul-double');
    assert.deepEqual(session?.NodeChecks, ['serfHealth']);
    assert.equal(session?.LockDelay, 15e9);
    assert.equal(session?.Behavior, 'release');
    assert.equal(session?.TTL, '');
    assert.equal((await info(await create('{"LockDelay": 5}')))?.LockDelay, 5e9);
    assert.equal((await info(await create('{"LockDelay": "2s", "Checks": []}')))?.NodeChecks.length, 0);
    const cases: [string, number, string][] = [
      ['{"TTL": "5s"}', 500, "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]"],
      ['{"TTL": "soon"}', 500, 'Session TTL \'soon\' invalid: time: invalid duration "soon"'],
      ['{"Behavior": "keep"}', 500, "Invalid Behavior setting 'keep'"],
      ['{"Node": "elsewhere"}', 500, 'Missing node registration'],
      ['{"Checks": ["nope"]}', 500, "Missing check 'nope' registration"],
      ['{oops', 400, 'Request decode failed: unexpected EOF'],
    ];
    for (const [body, status, text] of cases) {
      const reply = await api('PUT', '/v1/session/create', body);
      assert.equal(reply.status, status, body);
      assert.equal(reply.text, text, body);
    }
    const list = await api('GET', '/v1/session/list');
    assert.ok(Number(list.headers.get('x-consul-index')) >= 1);
    assert.equal((list.json as unknown[]).length, 3);
  });

  test('renew, destroy: unknown renew → 404, destroy is idempotent true', async () => {
    const id = await create();
    assert.equal(((await api('PUT', `/v1/session/renew/${id}`)).json as Session[])[0]?.ID, id);
    assert.equal((await api('PUT', `/v1/session/destroy/${id}`)).json, true);
    assert.equal((await api('PUT', `/v1/session/destroy/${id}`)).json, true);
    const renew = await api('PUT', `/v1/session/renew/${id}`);
    assert.equal(renew.status, 404);
    assert.equal(renew.text, `Session id '${id}' not found`);
    assert.deepEqual((await api('GET', `/v1/session/info/${id}`)).json, []);
    assert.equal((await api('PUT', '/v1/session/destroy/')).text, 'Missing session');
  });

  test('acquire/release: LockIndex counts acquisitions of a free key; plain writes keep the lock', async () => {
    const s1 = await create();
    const s2 = await create();
    assert.equal((await api('PUT', `/v1/kv/lock/a?acquire=${s1}`, 'one')).json, true);
    assert.deepEqual([(await pair('lock/a'))?.LockIndex, (await pair('lock/a'))?.Session], [1, s1]);
    assert.equal((await api('PUT', `/v1/kv/lock/a?acquire=${s2}`, 'two')).json, false);
    assert.equal((await api('PUT', `/v1/kv/lock/a?acquire=${s1}`, 'again')).json, true);
    assert.equal((await pair('lock/a'))?.LockIndex, 1, 're-acquiring by the holder does not count');
    assert.equal((await api('PUT', '/v1/kv/lock/a', 'plain')).json, true);
    assert.equal((await pair('lock/a'))?.Session, s1, 'a plain write keeps the lock');
    assert.equal((await api('PUT', `/v1/kv/lock/a?release=${s2}`, 'x')).json, false);
    assert.equal((await api('PUT', `/v1/kv/lock/a?release=${s1}`, 'free')).json, true);
    const released = await pair('lock/a');
    assert.equal(released?.Session, undefined);
    assert.equal(released?.LockIndex, 1);
    assert.equal((await api('PUT', `/v1/kv/lock/a?acquire=${s2}`, 'two')).json, true);
    assert.equal((await pair('lock/a'))?.LockIndex, 2);
  });

  test('TTL invalidation after 2 × TTL releases held keys, and the lock-delay refuses re-acquisition for a while', async () => {
    const holder = await create('{"TTL": "10s", "LockDelay": "15s"}');
    const other = await create();
    await api('PUT', `/v1/kv/lock/ttl?acquire=${holder}`, 'held');
    const before = (await pair('lock/ttl'))?.ModifyIndex ?? 0;
    clock.advance(15_000);
    assert.ok(await info(holder), 'not invalidated at TTL: Consul waits 2 × TTL');
    clock.advance(5_001);
    assert.equal(await info(holder), undefined, 'invalidated');
    const after = await pair('lock/ttl');
    assert.equal(after?.Session, undefined);
    assert.ok((after?.ModifyIndex ?? 0) > before, 'the release bumps ModifyIndex (KV watchers wake)');
    assert.equal(Buffer.from(after?.Value ?? '', 'base64').toString(), 'held', 'the value stays');
    assert.equal((await api('PUT', `/v1/kv/lock/ttl?acquire=${other}`, 'mine')).json, false, 'lock-delay');
    assert.equal((await api('PUT', '/v1/kv/lock/ttl', 'plain')).json, true, 'plain writes are not delayed');
    clock.advance(15_001);
    assert.equal((await api('PUT', `/v1/kv/lock/ttl?acquire=${other}`, 'mine')).json, true);
  });

  test('behavior delete removes held keys; a bound check turning critical invalidates the session', async () => {
    const deleting = await create('{"Behavior": "delete", "LockDelay": 0}');
    await api('PUT', `/v1/kv/lock/del?acquire=${deleting}`, 'x');
    await api('PUT', `/v1/session/destroy/${deleting}`);
    assert.equal((await api('GET', '/v1/kv/lock/del')).status, 404);

    await api('PUT', '/v1/agent/service/register', serviceBody('locker', { Check: { CheckID: 'locker-ttl', TTL: '1h', Status: 'passing' } }));
    const bound = await create('{"ServiceChecks": [{"ID": "locker-ttl"}]}');
    await api('PUT', `/v1/kv/lock/bound?acquire=${bound}`, 'x');
    await api('PUT', '/v1/agent/check/fail/locker-ttl');
    assert.equal(await info(bound), undefined);
    assert.equal((await pair('lock/bound'))?.Session, undefined);
    const refused = await api('PUT', '/v1/session/create', '{"ServiceChecks": [{"ID": "locker-ttl"}]}');
    assert.equal(refused.status, 500);
    assert.equal(refused.text, "Check 'locker-ttl' is in critical state");
    const onNode = await create();
    consul.setNodeHealth('critical');
    assert.equal(await info(onNode), undefined, 'serfHealth critical invalidates default sessions');
    consul.setNodeHealth('passing');
  });
});
