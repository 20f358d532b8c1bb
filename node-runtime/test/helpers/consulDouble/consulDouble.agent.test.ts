/** Services, checks, health and catalog (reference §2–§7, checklist 6–14), checked with raw fetch. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ManualClock, startConsulDouble, type ConsulDouble } from './index.js';
import { rawApi, serviceBody } from './rawApi.js';

interface Check {
  CheckID: string;
  Name: string;
  Status: string;
  Output: string;
  Type: string;
  ServiceID: string;
  Notes: string;
}
interface Entry {
  Node: { Node: string; Address: string };
  Service: { ID: string; Service: string; Tags: string[] | null; Meta: Record<string, string> | null; Port: number; Address: string };
  Checks: Check[];
}

/** Lets pending timers and sockets run (the manual clock fires synchronously, HTTP is still async). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('Consul double: agent services and checks', () => {
  let consul: ConsulDouble;
  const clock = new ManualClock();
  const api = (method: string, path: string, body?: string) => rawApi(consul.url, method, path, body);
  const agentChecks = async () => (await api('GET', '/v1/agent/checks')).json as Record<string, Check>;
  const health = async (query = '') => (await api('GET', `/v1/health/service/chat-server${query}`)).json as Entry[];
  const entryOf = async (id: string) => (await health()).find((entry) => entry.Service.ID === id);

  before(async () => {
    consul = await startConsulDouble({ clock, random: () => 0.5 });
  });
  after(() => consul.stop());

  test('register validation answers 400 with Consul\'s texts', async () => {
    const cases: [string, string][] = [
      ['', 'Request decode failed: EOF'],
      ['{nope', 'Request decode failed: unexpected EOF'],
      ['xyz', "Request decode failed: invalid character 'x' looking for beginning of value"],
      ['{"Name": 5}', 'Request decode failed: json: cannot unmarshal number into Go struct field ServiceDefinition.Name of type string'],
      ['{"ID": "x"}', 'Missing service name'],
      ['{"Name": "s", "Address": "0.0.0.0"}', 'Invalid service address'],
      ['{"Name": "s", "Meta": {"bad.key": "v"}}', "Invalid Service Meta: Couldn't load metadata pair ('bad.key', 'v'): Key contains invalid characters"],
      ['{"Name": "s", "Meta": {"consul-x": "v"}}', "Invalid Service Meta: Couldn't load metadata pair ('consul-x', 'v'): Key prefix 'consul-' is reserved for internal use"],
      ['{"Name": "s", "Weights": {"Passing": 0, "Warning": 1}}', 'Invalid Weights: Passing must be greater than 0'],
      ['{"Name": "s", "Check": {"TCP": "127.0.0.1:1"}}', 'Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks'],
      ['{"Name": "s", "Check": {"Notes": "no type"}}', 'Invalid check: TTL must be > 0 for TTL checks'],
      ['{"Name": "s", "Check": {"TTL": "10s", "Interval": "10s"}}', 'Invalid check: Interval and TTL cannot both be specified'],
      ['{"Name": "s", "Check": {"TTL": "10s", "Status": "ok"}}', "Status for checks must 'passing', 'warning', 'critical'"],
      ['{"Name": "s", "Check": {"TTL": "10"}}', 'Request decode failed: time: missing unit in duration "10"'],
    ];
    for (const [body, text] of cases) {
      const reply = await api('PUT', '/v1/agent/service/register', body);
      assert.equal(reply.status, 400, body);
      assert.equal(reply.text, text, body);
    }
    assert.deepEqual((await api('GET', '/v1/agent/services')).json, {}, 'nothing was registered');
  });

  test('check IDs and names: service:<id> for one, service:<id>:<n> for several (Check first), explicit IDs verbatim', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('ids-1', { Check: { TTL: '30s' } }));
    await api('PUT', '/v1/agent/service/register', serviceBody('ids-2', { Check: { TTL: '30s' }, Checks: [{ TTL: '30s', Name: 'second' }, { CheckID: 'mine', ttl: '30s' }] }));
    const checks = await agentChecks();
    assert.equal(checks['service:ids-1']?.Name, "Service 'chat-server' check");
    assert.equal(checks['service:ids-1']?.Status, 'critical', 'a new check starts critical');
    assert.equal(checks['service:ids-2:1']?.Type, 'ttl');
    assert.equal(checks['service:ids-2:2']?.Name, 'second');
    assert.ok(checks['mine'], 'explicit CheckID (snake/lower-case keys accepted)');
    assert.equal(checks['serfHealth'], undefined, 'serfHealth is a catalog node check, not an agent check');
    const services = (await api('GET', '/v1/agent/services')).json as Record<string, Record<string, unknown>>;
    assert.equal(services['ids-1']?.['Service'], 'chat-server');
    assert.deepEqual(services['ids-1']?.['Weights'], { Passing: 1, Warning: 1 });
    assert.deepEqual(services['ids-1']?.['TaggedAddresses'], { lan_ipv4: { Address: '127.0.0.1', Port: 7000 }, wan_ipv4: { Address: '127.0.0.1', Port: 7000 } });
    await api('PUT', '/v1/agent/service/deregister/ids-1');
    await api('PUT', '/v1/agent/service/deregister/ids-2');
    assert.deepEqual(Object.keys(await agentChecks()), [], 'deregister removes every check of the service');
  });

  test('re-registration carries status/output over; old checks stay unless replace-existing-checks', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('re-1', { Checks: [{ CheckID: 'a', TTL: '30s' }, { CheckID: 'b', TTL: '30s' }] }));
    await api('PUT', '/v1/agent/check/pass/a?note=fine');
    await api('PUT', '/v1/agent/service/register', serviceBody('re-1', { Port: 7001, Checks: [{ CheckID: 'a', TTL: '30s', Status: 'critical' }] }));
    let checks = await agentChecks();
    assert.equal(checks['a']?.Status, 'passing', 'status carried over, the new Status ignored');
    assert.equal(checks['a']?.Output, 'fine');
    assert.ok(checks['b'], 'check b survives without replace-existing-checks');
    assert.equal((await entryOf('re-1'))?.Service.Port, 7001);
    await api('PUT', '/v1/agent/service/register?replace-existing-checks', serviceBody('re-1', { Checks: [{ CheckID: 'a', TTL: '30s' }] }));
    checks = await agentChecks();
    assert.equal(checks['b'], undefined);
    await api('PUT', '/v1/agent/service/deregister/re-1');
  });

  test('deregister of an unknown ID → 404 with the "not the service name" text', async () => {
    const reply = await api('PUT', '/v1/agent/service/deregister/chat-server');
    assert.equal(reply.status, 404);
    assert.equal(reply.text, 'Unknown service ID "chat-server". Ensure that the service ID is passed, not the service name.');
  });

  test('TTL checks: pass/warn/fail/update, their errors, and expiry to `TTL expired` with the last output', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('ttl-1', { Checks: [{ CheckID: 'ttl', TTL: '10s' }, { CheckID: 'tcp', TCP: '127.0.0.1:1', Interval: '1h' }] }));
    assert.equal((await api('PUT', '/v1/agent/check/warn/ttl?note=meh')).status, 200);
    assert.equal((await agentChecks())['ttl']?.Status, 'warning');
    assert.equal((await api('PUT', '/v1/agent/check/update/ttl', '{"Status":"passing","Output":"all good"}')).status, 200);
    assert.equal((await agentChecks())['ttl']?.Output, 'all good');

    const unknown = await api('PUT', '/v1/agent/check/pass/nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.text, 'Unknown check ID "nope". Ensure that the check ID is passed, not the check name.');
    const notTtl = await api('PUT', '/v1/agent/check/pass/tcp');
    assert.equal(notTtl.status, 500);
    assert.equal(notTtl.text, 'CheckID "tcp" does not have associated TTL');
    const badStatus = await api('PUT', '/v1/agent/check/update/ttl', '{"Status":"fine"}');
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.text, "Invalid check status: 'fine'");
    assert.equal((await api('PUT', '/v1/agent/check/update/ttl', '')).text, 'Request decode failed: EOF');
    assert.equal((await api('GET', '/v1/agent/check/pass/ttl')).status, 405);

    clock.advance(9_000);
    await api('PUT', '/v1/agent/check/pass/ttl?note=alive'); // resets the timer
    clock.advance(9_000);
    assert.equal((await agentChecks())['ttl']?.Status, 'passing');
    clock.advance(1_001);
    const expired = (await agentChecks())['ttl'];
    assert.equal(expired?.Status, 'critical');
    assert.equal(expired?.Output, 'TTL expired (last output before timeout follows): alive');
    const inHealth = (await entryOf('ttl-1'))?.Checks.find((c) => c.CheckID === 'ttl');
    assert.equal(inHealth?.Status, 'critical', 'a status change reaches the catalog at once');
    await api('PUT', '/v1/agent/service/deregister/ttl-1');
  });

  test('output-only changes reach the catalog after check_update_interval; identical updates change nothing', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('out-1', { Check: { CheckID: 'out', TTL: '1h' } }));
    await api('PUT', '/v1/agent/check/pass/out?note=1');
    const index = consul.index;
    await api('PUT', '/v1/agent/check/pass/out?note=1');
    assert.equal(consul.index, index, 'an identical pass is not a write');
    await api('PUT', '/v1/agent/check/pass/out?note=2');
    assert.equal(consul.index, index, 'an output-only change is deferred');
    assert.equal((await agentChecks())['out']?.Output, '2', 'the agent view has it at once');
    assert.equal((await entryOf('out-1'))?.Checks.find((c) => c.CheckID === 'out')?.Output, '1');
    clock.advance(consul.timing.checkUpdateIntervalMs); // d/2 + 0.5·d with random() = 0.5
    assert.equal((await entryOf('out-1'))?.Checks.find((c) => c.CheckID === 'out')?.Output, '2');
    assert.ok(consul.index > index);
    await api('PUT', '/v1/agent/service/deregister/out-1');
  });

  test('DeregisterCriticalServiceAfter is raised to 1 min and reaped on the 30 s tick; a pass resets the clock', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('reap-1', { Check: { CheckID: 'r1', TTL: '1h', DeregisterCriticalServiceAfter: '10s' } }));
    await api('PUT', '/v1/agent/service/register', serviceBody('reap-2', { Check: { CheckID: 'r2', TTL: '1h', DeregisterCriticalServiceAfter: '10s' } }));
    assert.equal((await agentChecks())['r1']?.Status, 'critical');
    clock.advance(45_000);
    // Critical for 45 s (more than the 10 s asked, with at least one reap tick passed): still there, the minimum is 1 min.
    assert.ok(((await api('GET', '/v1/agent/services')).json as Record<string, unknown>)['reap-1']);
    await api('PUT', '/v1/agent/check/pass/r2');
    clock.advance(15_000 + 30_000 + 1); // past 1 min critical, plus one reap tick
    const services = (await api('GET', '/v1/agent/services')).json as Record<string, unknown>;
    assert.equal(services['reap-1'], undefined, 'reaped');
    assert.ok(services['reap-2'], 'the passing one stays');
    const definition = ((await entryOf('reap-2'))?.Checks.find((c) => c.CheckID === 'r2') as unknown as { Definition: Record<string, string> }).Definition;
    assert.equal(definition['DeregisterCriticalServiceAfter'], '1m0s', 'clamped to the minimum');
    await api('PUT', '/v1/agent/service/deregister/reap-2');
  });

  test('maintenance mode adds a critical _service_maintenance check, dropping the instance from ?passing', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('maint-1', { Check: { CheckID: 'm', TTL: '1h', Status: 'passing' } }));
    assert.equal((await health('?passing')).length, 1);
    assert.equal((await api('PUT', '/v1/agent/service/maintenance/maint-1')).text, 'Missing value for enable');
    assert.equal((await api('PUT', '/v1/agent/service/maintenance/maint-1?enable=perhaps')).text, 'Invalid value for enable: "perhaps"');
    assert.equal((await api('PUT', '/v1/agent/service/maintenance/nope?enable=true')).status, 404);
    assert.equal((await api('PUT', '/v1/agent/service/maintenance/maint-1?enable=true&reason=upgrade')).status, 200);
    const check = (await entryOf('maint-1'))?.Checks.find((c) => c.CheckID === '_service_maintenance:maint-1');
    assert.equal(check?.Status, 'critical');
    assert.equal(check?.Type, 'maintenance');
    assert.equal(check?.Notes, 'upgrade');
    assert.equal((await health('?passing')).length, 0);
    await api('PUT', '/v1/agent/service/maintenance/maint-1?enable=false');
    assert.equal((await health('?passing=true')).length, 1);
    await api('PUT', '/v1/agent/service/deregister/maint-1');
  });

  test('/health/service: node serfHealth included, passing/tag/filter, unknown service → [] with an index', async () => {
    await api('PUT', '/v1/agent/service/register', serviceBody('h-1', { Tags: ['chat', 'a'], Meta: { zone: 'a' }, Check: { TTL: '1h', Status: 'passing' } }));
    await api('PUT', '/v1/agent/service/register', serviceBody('h-2', { Tags: ['chat', 'b'], Check: { TTL: '1h', Status: 'warning' } }));
    const all = await health();
    assert.deepEqual(all.map((entry) => entry.Service.ID), ['h-1', 'h-2']);
    assert.equal(all[0]?.Checks[0]?.CheckID, 'serfHealth');
    assert.equal(all[0]?.Node.Node, 'consul-double');
    assert.deepEqual(all[0]?.Service.Meta, { zone: 'a' });
    assert.deepEqual((await health('?passing')).map((e) => e.Service.ID), ['h-1'], 'warning excludes');
    assert.deepEqual((await health('?passing=false')).length, 2);
    assert.equal((await api('GET', '/v1/health/service/chat-server?passing=maybe')).text, 'Invalid value for ?passing');
    assert.deepEqual((await health('?tag=chat&tag=b')).map((e) => e.Service.ID), ['h-2']);
    assert.deepEqual((await health(`?filter=${encodeURIComponent('Service.Meta.zone == "a"')}`)).map((e) => e.Service.ID), ['h-1']);
    assert.deepEqual((await health(`?filter=${encodeURIComponent('Checks.Status != "warning" and "chat" in Service.Tags')}`)).map((e) => e.Service.ID), ['h-1']);
    assert.equal((await api('GET', `/v1/health/service/chat-server?filter=${encodeURIComponent('Service.ID ~~ 1')}`)).status, 400);
    const unknown = await api('GET', '/v1/health/service/nobody');
    assert.deepEqual(unknown.json, []);
    assert.ok(Number(unknown.headers.get('x-consul-index')) >= 1);
    consul.setNodeHealth('critical');
    assert.equal((await health('?passing')).length, 0, 'a critical node check excludes every instance');
    consul.setNodeHealth('passing');
  });

  test('catalog: services map with the built-in consul, flat service records, nodes', async () => {
    const services = (await api('GET', '/v1/catalog/services')).json as Record<string, string[]>;
    assert.deepEqual(services['consul'], []);
    assert.deepEqual(services['chat-server'], ['a', 'b', 'chat']);
    const records = (await api('GET', '/v1/catalog/service/chat-server?tag=a')).json as Record<string, unknown>[];
    assert.equal(records.length, 1);
    assert.equal(records[0]?.['ServiceID'], 'h-1');
    assert.equal(records[0]?.['ServicePort'], 7000);
    assert.equal(records[0]?.['Node'], 'consul-double');
    const nodes = (await api('GET', '/v1/catalog/nodes')).json as { Node: string }[];
    assert.deepEqual(nodes.map((n) => n.Node), ['consul-double']);
    assert.equal(((await api('GET', '/v1/agent/services')).json as Record<string, unknown>)['consul'], undefined, 'not an agent service');
    await api('PUT', '/v1/agent/service/deregister/h-1');
    await api('PUT', '/v1/agent/service/deregister/h-2');
  });
});

describe('Consul double: TCP checks', () => {
  test('probe the port on their Interval: passing while it listens, critical once it closes', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const consul = await startConsulDouble({ timing: { minCheckIntervalMs: 10 } });
    try {
      const body = serviceBody('tcp-1', { Port: port, Check: { CheckID: 'tcp', TCP: `127.0.0.1:${port}`, Interval: '50ms', Timeout: '1s' } });
      await rawApi(consul.url, 'PUT', '/v1/agent/service/register', body);
      const status = async () => ((await rawApi(consul.url, 'GET', '/v1/agent/checks')).json as Record<string, Check>)['tcp'];
      for (let i = 0; i < 100 && (await status())?.Status !== 'passing'; i++) await tick();
      assert.equal((await status())?.Output, `TCP connect 127.0.0.1:${port}: Success`);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (let i = 0; i < 100 && (await status())?.Status !== 'critical'; i++) await tick();
      assert.equal((await status())?.Output, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
    } finally {
      await consul.stop();
      server.close();
    }
  });
});
