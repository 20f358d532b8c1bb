/** KV (reference §8, checklist 15), checked with raw fetch. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startConsulDouble, type ConsulDouble } from './index.js';
import { rawApi } from './rawApi.js';

interface Pair {
  Key: string;
  Value: string | null;
  Flags: number;
  LockIndex: number;
  CreateIndex: number;
  ModifyIndex: number;
  Session?: string;
}

describe('Consul double: KV', () => {
  let consul: ConsulDouble;
  const api = (method: string, path: string, body?: string | Buffer) => rawApi(consul.url, method, path, body);
  const indexOf = (reply: { headers: Headers }) => Number(reply.headers.get('x-consul-index'));

  before(async () => {
    consul = await startConsulDouble();
  });
  after(() => consul.stop());

  test('raw bytes in, base64 out; Session omitted; empty value → null; ModifyIndex is the key\'s index', async () => {
    const put = await api('PUT', '/v1/kv/app/config', '{"a":1}');
    assert.equal(put.status, 200);
    assert.equal(put.json, true);
    assert.equal(put.headers.get('x-consul-index'), null, 'writes carry no index');
    const read = await api('GET', '/v1/kv/app/config');
    const [pair] = read.json as Pair[];
    assert.deepEqual(Object.keys(pair ?? {}), ['LockIndex', 'Key', 'Flags', 'Value', 'CreateIndex', 'ModifyIndex']);
    assert.equal(Buffer.from(pair?.Value ?? '', 'base64').toString(), '{"a":1}');
    assert.equal(indexOf(read), pair?.ModifyIndex);
    await api('PUT', '/v1/kv/app/empty', '');
    assert.equal(((await api('GET', '/v1/kv/app/empty')).json as Pair[])[0]?.Value, null);
    const raw = await api('GET', '/v1/kv/app/config?raw');
    assert.equal(raw.text, '{"a":1}');
    assert.equal(raw.headers.get('content-type'), 'text/plain');
    assert.equal(raw.headers.get('x-content-type-options'), 'nosniff');
    const encoded = await api('GET', '/v1/kv/app%2Fconfig');
    assert.equal(encoded.status, 200, 'an encoded slash is a slash (Go decodes the path)');
  });

  test('recurse, keys and separator are presence flags; missing → 404 with index, root keys → []', async () => {
    for (const key of ['web/bar', 'web/foo', 'web/subdir/a', 'web/subdir/b']) await api('PUT', `/v1/kv/${key}`, key);
    const all = (await api('GET', '/v1/kv/web/?recurse=false')).json as Pair[];
    assert.deepEqual(all.map((p) => p.Key), ['web/bar', 'web/foo', 'web/subdir/a', 'web/subdir/b']);
    assert.deepEqual((await api('GET', '/v1/kv/web/?keys')).json, ['web/bar', 'web/foo', 'web/subdir/a', 'web/subdir/b']);
    assert.deepEqual((await api('GET', '/v1/kv/web/?keys&separator=/')).json, ['web/bar', 'web/foo', 'web/subdir/']);
    assert.deepEqual((await api('GET', '/v1/kv/web/?keys&seperator=/')).json, ['web/bar', 'web/foo', 'web/subdir/']);
    const none = await api('GET', '/v1/kv/nothing/?keys');
    assert.equal(none.status, 404);
    assert.ok(indexOf(none) >= 1);
    assert.ok(Array.isArray((await api('GET', '/v1/kv/?keys')).json), 'the root prefix lists (never 404s)');
    const emptyRecurse = await api('GET', '/v1/kv/nothing/?recurse');
    assert.equal(emptyRecurse.status, 404);
    assert.equal((await api('GET', '/v1/kv/')).text, 'Missing key name');
    assert.equal((await api('PUT', '/v1/kv/', 'x')).status, 400);
  });

  test('a prefix index is the highest ModifyIndex under it, tombstones included; reaping them moves it back', async () => {
    await api('PUT', '/v1/kv/idx/a', '1');
    await api('PUT', '/v1/kv/idx/b', '2');
    const before = indexOf(await api('GET', '/v1/kv/idx/?recurse'));
    await api('PUT', '/v1/kv/elsewhere', 'x');
    assert.equal(indexOf(await api('GET', '/v1/kv/idx/?recurse')), before, 'unrelated keys do not move the prefix index');
    await api('DELETE', '/v1/kv/idx/b');
    const afterDelete = indexOf(await api('GET', '/v1/kv/idx/?recurse'));
    assert.ok(afterDelete > before, 'the tombstone counts');
    consul.reapTombstones();
    assert.ok(indexOf(await api('GET', '/v1/kv/idx/?recurse')) < afterDelete, 'reaped tombstones: the index goes backwards');
  });

  test('cas (0 = create only), flags, delete with cas and recurse, Conflicting flags', async () => {
    assert.equal((await api('PUT', '/v1/kv/cas/k?cas=0', 'first')).json, true);
    assert.equal((await api('PUT', '/v1/kv/cas/k?cas=0', 'again')).json, false);
    const [pair] = (await api('GET', '/v1/kv/cas/k')).json as Pair[];
    assert.equal((await api('PUT', `/v1/kv/cas/k?cas=${(pair?.ModifyIndex ?? 0) + 1}`, 'x')).json, false);
    assert.equal((await api('PUT', `/v1/kv/cas/k?cas=${pair?.ModifyIndex}&flags=42`, 'second')).json, true);
    const [updated] = (await api('GET', '/v1/kv/cas/k')).json as Pair[];
    assert.equal(updated?.Flags, 42);
    assert.equal(updated?.CreateIndex, pair?.CreateIndex);
    assert.equal((await api('PUT', '/v1/kv/cas/k?flags=x', 'v')).status, 500);
    const conflict = await api('PUT', '/v1/kv/cas/k?cas=1&release=abc', 'v');
    assert.equal(conflict.status, 400);
    assert.ok(conflict.text.startsWith('Conflicting flags: '));
    assert.equal((await api('DELETE', '/v1/kv/cas/k?cas=0')).json, false);
    assert.equal((await api('DELETE', `/v1/kv/cas/k?cas=${updated?.ModifyIndex}`)).json, true);
    assert.equal((await api('DELETE', '/v1/kv/cas/never')).json, true, 'deleting a missing key is true');
    await api('PUT', '/v1/kv/tree/a', '1');
    await api('PUT', '/v1/kv/tree/b/c', '2');
    assert.equal((await api('DELETE', '/v1/kv/tree/?recurse')).json, true);
    assert.equal((await api('GET', '/v1/kv/tree/?recurse')).status, 404);
    assert.equal((await api('DELETE', '/v1/kv/tree/?recurse&cas=1')).status, 400);
    assert.equal((await api('DELETE', '/v1/kv/')).text, 'Missing key name');
  });

  test('values over 512 KiB → 413; acquire with an unknown session → 500 invalid session', async () => {
    const big = await api('PUT', '/v1/kv/big', Buffer.alloc(512 * 1024 + 1, 'a'));
    assert.equal(big.status, 413);
    assert.ok(big.text.startsWith('Request body(524289 bytes) too large, max size: 524288 bytes. See '));
    assert.equal((await api('PUT', '/v1/kv/big', Buffer.alloc(512 * 1024, 'a'))).json, true);
    const acquire = await api('PUT', '/v1/kv/lock?acquire=11111111-2222-3333-4444-555555555555', 'me');
    assert.equal(acquire.status, 500);
    assert.equal(acquire.text, 'invalid session "11111111-2222-3333-4444-555555555555"');
    assert.equal((await api('PUT', '/v1/kv/lock?release=x', 'me')).json, false);
  });
});
