/** Blocking queries (reference §1, checklist 4–5): timing, per-resource indexes, parse errors, snapshot restore. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, startConsulDouble, type ConsulDouble } from './index.js';
import { rawApi, serviceBody } from './rawApi.js';

const indexOf = (reply: { headers: Headers }) => Number(reply.headers.get('x-consul-index'));

describe('Consul double: blocking queries', () => {
  let consul: ConsulDouble;
  const api = (method: string, path: string, body?: string) => rawApi(consul.url, method, path, body);

  before(async () => {
    // 1/1000: the default wait (5 min) is 300 ms, the cap (10 min) 600 ms.
    consul = await startConsulDouble({ timeScale: 1 / 1000 });
  });
  after(() => consul.stop());

  test('index absent or 0 answers at once, even with a wait', async () => {
    await api('GET', '/v1/status/leader'); // warm up the HTTP client
    for (const query of ['', '?wait=5s', '?index=0&wait=5s']) {
      const reply = await api('GET', `/v1/health/service/chat-server${query}`);
      assert.equal(reply.status, 200);
      assert.ok(reply.elapsedMs < 1000, `${query}: ${reply.elapsedMs} ms (a 5 s wait was asked)`);
    }
  });

  test('a current index blocks until the service changes, and returns a higher index', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('block-1', { Check: { TTL: '30s' } }));
    const first = await api('GET', '/v1/health/service/chat-server');
    const index = indexOf(first);
    const pending = api('GET', `/v1/health/service/chat-server?index=${index}&wait=5s`);
    setTimeout(() => void api('PUT', '/v1/agent/check/pass/service:block-1?note=up'), 150).unref();
    const woken = await pending;
    assert.ok(woken.elapsedMs >= 140 && woken.elapsedMs < 1000, `woke after ${woken.elapsedMs} ms`);
    assert.ok(indexOf(woken) > index);
    assert.equal(((woken.json as { Checks: { CheckID: string; Status: string }[] }[])[0]?.Checks.find((c) => c.CheckID === 'service:block-1'))?.Status, 'passing');
  });

  test('writes to other resources do not wake a service watcher; the wait elapses with the same index', async () => {
    const index = indexOf(await api('GET', '/v1/health/service/chat-server'));
    const pending = api('GET', `/v1/health/service/chat-server?index=${index}&wait=250ms`);
    setTimeout(() => {
      void api('PUT', '/v1/kv/unrelated', 'x');
      void api('PUT', '/v1/agent/service/register', JSON.stringify({ ID: 'other-1', Name: 'other' }));
    }, 50).unref();
    const reply = await pending;
    assert.equal(reply.status, 200);
    assert.equal(indexOf(reply), index, 'timed out with the unchanged index');
    // wait + up to wait/16 of jitter
    assert.ok(reply.elapsedMs >= 240 && reply.elapsedMs < 250 + 250 / 16 + 400, `answered after ${reply.elapsedMs} ms`);
    assert.ok(consul.index > index, 'the global index moved meanwhile');
  });

  test('no wait → the (scaled) 5 min default; wait above 10 min is capped', async () => {
    const index = indexOf(await api('GET', '/v1/catalog/nodes'));
    const byDefault = await api('GET', `/v1/catalog/nodes?index=${index}`);
    assert.ok(byDefault.elapsedMs >= 290 && byDefault.elapsedMs < 300 + 300 / 16 + 400, `default wait took ${byDefault.elapsedMs} ms`);
    const capped = await api('GET', `/v1/catalog/nodes?index=${index}&wait=1h`);
    assert.ok(capped.elapsedMs >= 590 && capped.elapsedMs < 600 + 600 / 16 + 400, `capped wait took ${capped.elapsedMs} ms`);
  });

  test('an index from the future blocks for the whole wait and then returns the lower index', async () => {
    const current = consul.index;
    const reply = await api('GET', `/v1/catalog/services?index=${current + 1000}&wait=200ms`);
    assert.ok(reply.elapsedMs >= 190, `answered after ${reply.elapsedMs} ms`);
    assert.ok(indexOf(reply) <= current);
  });

  test('bad index or wait → 400 with Consul\'s texts', async () => {
    for (const [query, text] of [
      ['index=abc', 'Invalid index'],
      ['index=-1', 'Invalid index'],
      ['wait=10', 'Invalid wait time'],
      ['wait=soon', 'Invalid wait time'],
    ] as const) {
      const reply = await api('GET', `/v1/health/service/chat-server?${query}`);
      assert.equal(reply.status, 400, query);
      assert.equal(reply.text, text, query);
      assert.equal(reply.headers.get('content-type'), 'text/plain; charset=utf-8');
    }
  });

  test('blocking on a missing KV key returns when it appears (404 until then, with an index)', async () => {
    const missing = await api('GET', '/v1/kv/appears/later');
    assert.equal(missing.status, 404);
    const pending = api('GET', `/v1/kv/appears/later?index=${indexOf(missing)}&wait=5s`);
    setTimeout(() => void api('PUT', '/v1/kv/appears/later', 'now'), 100).unref();
    const found = await pending;
    assert.equal(found.status, 200);
    assert.ok(found.elapsedMs < 1000);
    assert.equal((found.json as { Value: string }[])[0]?.Value, Buffer.from('now').toString('base64'));
  });

  test('a snapshot restore sends indexes backwards and releases blocked queries at once', async () => {
    const snapshot = consul.snapshot();
    await api('PUT', '/v1/agent/service/register', serviceBody('after-snapshot'));
    const high = indexOf(await api('GET', '/v1/health/service/chat-server'));
    const pending = api('GET', `/v1/health/service/chat-server?index=${high}&wait=5s`);
    setTimeout(() => consul.restoreSnapshot(snapshot), 100).unref();
    const reply = await pending;
    assert.ok(reply.elapsedMs < 1000, `released after ${reply.elapsedMs} ms`);
    assert.ok(indexOf(reply) < high, 'the index went backwards');
    assert.ok(!(reply.json as { Service: { ID: string } }[]).some((entry) => entry.Service.ID === 'after-snapshot'));
  });
});

describe('Consul double: blocking on a manual clock', () => {
  test('the wait (capped at 10 min) plus its jitter (random · wait/16) runs on the injected clock', async () => {
    const clock = new ManualClock();
    const consul = await startConsulDouble({ clock, random: () => 0.5 });
    try {
      const index = consul.index;
      let answered = false;
      const pending = rawApi(consul.url, 'GET', `/v1/catalog/services?index=${index}&wait=1h`).then((reply) => {
        answered = true;
        return reply;
      });
      const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
      await settle();
      assert.equal(answered, false);
      const jitter = 0.5 * (600_000 / 16);
      clock.advance(600_000 + jitter - 100);
      await settle();
      assert.equal(answered, false, 'still blocked just before 10 min + jitter');
      clock.advance(200);
      const reply = await pending;
      assert.equal(reply.status, 200);
      assert.equal(Number(reply.headers.get('x-consul-index')), index);
    } finally {
      await consul.stop();
    }
  });
});
