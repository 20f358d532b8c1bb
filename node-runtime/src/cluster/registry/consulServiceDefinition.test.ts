/** Registration bodies and health mapping: Consul's meta rules, wildcard addresses, check ids, worst-of health. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceEntry } from './consulClient.js';
import { HealthTracker, toNodeStatuses, worstHealth } from './consulHealthEntries.js';
import { advertisedAddress, consulMeta, hostPort, serviceRegistration } from './consulServiceDefinition.js';

test('meta is made Consul-safe, and says what it changed', () => {
  const long = 'x'.repeat(600);
  const { meta, problems } = consulMeta({ version: '1', 'admin.port': '9100', 'consul-zone': 'a', [`k${'y'.repeat(200)}`]: 'v', big: long });
  assert.deepEqual(Object.keys(meta), ['version', 'admin_port', 'x-consul-zone', `k${'y'.repeat(127)}`, 'big']);
  assert.equal(meta['big']?.length, 512);
  assert.equal(problems.length, 4);
  const many = consulMeta(Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, 'v'])));
  assert.equal(Object.keys(many.meta).length, 64);
});

test('a wildcard listen address is advertised as a routable one; IPv6 targets are bracketed', () => {
  assert.equal(advertisedAddress('10.0.0.5'), '10.0.0.5');
  assert.notEqual(advertisedAddress('0.0.0.0'), '0.0.0.0');
  assert.notEqual(advertisedAddress('::'), '::');
  assert.equal(hostPort('::1', 9000), '[::1]:9000');
});

test('the registration: TTL check with deregister-after, TCP check on address:port', () => {
  const node = { id: 'n1', address: '127.0.0.1', port: 9000, tags: ['chat'], meta: { version: '1' } };
  const { registration } = serviceRegistration('chat-server', node, { ttlMs: 10_000, deregisterCriticalAfterMs: 60_000 }, { intervalMs: 10_000, timeoutMs: 2_000 });
  assert.equal(registration.name, 'chat-server');
  assert.deepEqual(registration.checks.map((c) => c['checkid']), ['service:n1:ttl', 'service:n1:tcp']);
  assert.equal(registration.checks[0]?.['ttl'], '10000ms');
  assert.equal(registration.checks[0]?.['deregistercriticalserviceafter'], '60000ms');
  assert.equal(registration.checks[1]?.['tcp'], '127.0.0.1:9000');
  assert.equal(serviceRegistration('s', node, { ttlMs: 1, deregisterCriticalAfterMs: 1 }, false).registration.checks.length, 1);
});

test('health is the worst check; output comes from the TTL check; changedAt moves only with health', () => {
  assert.equal(worstHealth([]), 'passing');
  assert.equal(worstHealth(['passing', 'warning']), 'warning');
  assert.equal(worstHealth(['passing', 'maintenance?']), 'critical');
  let now = 1000;
  const tracker = new HealthTracker(() => now);
  const entry = (ttl: string, ttlOutput: string, tcp: string): ServiceEntry => ({
    Node: { Node: 'agent', Address: '10.0.0.9' },
    Service: { ID: 'n1', Service: 'chat-server', Tags: null, Address: '', Port: 9000, Meta: null },
    Checks: [
      { CheckID: 'serfHealth', Name: '', Status: 'passing', Output: 'Agent alive and reachable', ServiceID: '', Type: '' },
      { CheckID: 'service:n1:tcp', Name: '', Status: tcp, Output: 'TCP connect', ServiceID: 'n1', Type: 'tcp' },
      { CheckID: 'service:n1:ttl', Name: '', Status: ttl, Output: ttlOutput, ServiceID: 'n1', Type: 'ttl' },
    ],
  });
  const [first] = toNodeStatuses([entry('passing', '3 connections', 'passing')], 'chat-server', tracker);
  assert.deepEqual(first, { id: 'n1', address: '10.0.0.9', port: 9000, tags: [], meta: {}, health: 'passing', output: '3 connections', changedAt: 1000 });
  now = 2000;
  const [tcpDown] = toNodeStatuses([entry('passing', '3 connections', 'critical')], 'chat-server', tracker);
  assert.equal(tcpDown?.health, 'critical');
  assert.equal(tcpDown?.output, '3 connections', 'output is the TTL check’s');
  assert.equal(tcpDown?.changedAt, 2000);
  now = 3000;
  const [expired] = toNodeStatuses([entry('critical', 'TTL expired (last output before timeout follows): 3 connections', 'critical')], 'chat-server', tracker);
  assert.equal(expired?.output, 'TTL expired');
  assert.equal(expired?.changedAt, 2000, 'critical → critical keeps changedAt');
  assert.deepEqual(toNodeStatuses([], 'chat-server', tracker), []);
});
