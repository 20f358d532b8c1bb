/** The double's HTTP conventions (reference §0, §10, checklist 1–3, 18, 20), checked with raw fetch. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startConsulDouble, type ConsulDouble } from './index.js';
import { rawApi, serviceBody } from './rawApi.js';

describe('Consul double: HTTP conventions', () => {
  let consul: ConsulDouble;
  const api = (method: string, path: string, body?: string) => rawApi(consul.url, method, path, body);

  before(async () => {
    consul = await startConsulDouble();
  });
  after(() => consul.stop());

  test('unknown /v1 paths answer 404 with the plain-text message; non-/v1 paths 404 too', async () => {
    const unknown = await api('GET', '/v1/agent/nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.text, 'Invalid URL path: not a recognized HTTP API endpoint');
    assert.equal(unknown.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(unknown.headers.get('x-consul-default-acl-policy'), 'allow');
    assert.equal((await api('GET', '/ui/')).status, 404);
  });

  test('wrong method → 405 with Allow (OPTIONS first); OPTIONS → 200 with Allow and no body', async () => {
    const wrong = await api('GET', '/v1/agent/service/register');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.text, 'method GET not allowed');
    assert.equal(wrong.headers.get('allow'), 'OPTIONS,PUT');
    const kv = await api('POST', '/v1/kv/a');
    assert.equal(kv.status, 405);
    assert.equal(kv.headers.get('allow'), 'OPTIONS,GET,PUT,DELETE');
    const options = await api('OPTIONS', '/v1/agent/check/pass/x');
    assert.equal(options.status, 200);
    assert.equal(options.text, '');
    assert.equal(options.headers.get('allow'), 'OPTIONS,PUT');
  });

  test('JSON replies are compact application/json (?pretty indents); "no content" successes are 200 with an empty body', async () => {
    const register = await api('PUT', '/v1/agent/service/register', serviceBody('http-1'));
    assert.equal(register.status, 200);
    assert.equal(register.text, '');
    assert.equal(register.headers.get('content-type'), null);
    const services = await api('GET', '/v1/agent/services');
    assert.equal(services.headers.get('content-type'), 'application/json');
    assert.ok(!services.text.includes('\n'));
    const pretty = await api('GET', '/v1/agent/services?pretty');
    assert.ok(pretty.text.includes('\n    '));
  });

  test('index headers on server reads (also KV 404s), never on /agent or /status; the ACL policy header everywhere', async () => {
    for (const path of ['/v1/health/service/chat-server', '/v1/catalog/services', '/v1/catalog/service/chat-server', '/v1/catalog/nodes', '/v1/kv/missing/key']) {
      const reply = await api('GET', path);
      assert.ok(Number(reply.headers.get('x-consul-index')) >= 1, `${path} index`);
      assert.equal(reply.headers.get('x-consul-knownleader'), 'true', path);
      assert.equal(reply.headers.get('x-consul-lastcontact'), '0', path);
      assert.equal(reply.headers.get('x-consul-effective-consistency'), 'leader', path);
      assert.equal(reply.headers.get('x-consul-default-acl-policy'), 'allow', path);
    }
    assert.equal((await api('GET', '/v1/kv/missing/key')).status, 404);
    assert.equal((await api('GET', '/v1/kv/missing/key')).text, '');
    for (const path of ['/v1/agent/services', '/v1/agent/checks', '/v1/agent/self', '/v1/agent/members', '/v1/status/leader', '/v1/status/peers']) {
      const reply = await api('GET', path);
      assert.equal(reply.status, 200, path);
      assert.equal(reply.headers.get('x-consul-index'), null, path);
      assert.equal(reply.headers.get('x-consul-default-acl-policy'), 'allow', path);
    }
    assert.equal((await api('GET', '/v1/catalog/services?stale')).headers.get('x-consul-effective-consistency'), 'stale');
    assert.equal((await api('GET', '/v1/catalog/services?consistent')).headers.get('x-consul-effective-consistency'), 'consistent');
    const both = await api('GET', '/v1/catalog/services?stale&consistent');
    assert.equal(both.status, 400);
    assert.equal(both.text, 'Cannot specify ?stale with ?consistent, conflicting semantics.');
  });

  test('status endpoints and the no-leader switch', async () => {
    assert.equal((await api('GET', '/v1/status/leader')).json, '127.0.0.1:8300');
    assert.deepEqual((await api('GET', '/v1/status/peers')).json, ['127.0.0.1:8300']);
    consul.setLeader(false);
    try {
      assert.equal((await api('GET', '/v1/status/leader')).json, '');
      const read = await api('GET', '/v1/health/service/chat-server');
      assert.equal(read.status, 500);
      assert.equal(read.text, 'No cluster leader');
      const stale = await api('GET', '/v1/health/service/chat-server?stale');
      assert.equal(stale.status, 200);
      assert.equal(stale.headers.get('x-consul-knownleader'), 'false');
      assert.equal((await api('PUT', '/v1/kv/x', 'v')).status, 500);
    } finally {
      consul.setLeader(true);
    }
    assert.equal((await api('GET', '/v1/health/service/chat-server')).status, 200);
  });

  test('agent/self and agent/members describe the one node', async () => {
    const self = (await api('GET', '/v1/agent/self')).json as { Config: { NodeName: string; Datacenter: string }; Member: { Status: number } };
    assert.equal(self.Config.NodeName, 'consul-double');
    assert.equal(self.Config.Datacenter, 'dc1');
    const members = (await api('GET', '/v1/agent/members')).json as { Name: string; Status: number }[];
    assert.equal(members.length, 1);
    assert.equal(members[0]?.Status, 1);
    consul.setNodeHealth('critical');
    assert.equal(((await api('GET', '/v1/agent/members')).json as { Status: number }[])[0]?.Status, 4);
    consul.setNodeHealth('passing');
  });

  test('goDown refuses connections; comeBack listens on the same port with state kept (or fresh)', async () => {
    await api('PUT', '/v1/kv/kept', 'yes');
    await consul.goDown();
    await assert.rejects(api('GET', '/v1/status/leader'));
    await consul.comeBack();
    assert.equal((await api('GET', '/v1/kv/kept?raw')).text, 'yes');
    const before = consul.index;
    await consul.goDown();
    await consul.comeBack({ freshState: true });
    assert.equal((await api('GET', '/v1/kv/kept')).status, 404);
    assert.ok(consul.index < before, 'a fresh state starts from a low index again');
    assert.deepEqual((await api('GET', '/v1/agent/services')).json, {});
  });
});
