import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../common/errors.js';
import { parseRegistryAddress } from './registryAddress.js';

describe('parseRegistryAddress (the client --registry)', () => {
  test('consul:// becomes the agent HTTP address, with the default port and service', () => {
    assert.deepEqual(parseRegistryAddress('consul://10.0.0.5'), { kind: 'consul', url: 'http://10.0.0.5:8500', serviceName: 'chat-server', label: 'consul://10.0.0.5:8500 (service chat-server)' });
    const tls = parseRegistryAddress(' consul+https://consul.local:8501?service=chat-eu ');
    assert.equal(tls.kind === 'consul' && tls.url, 'https://consul.local:8501');
    assert.equal(tls.kind === 'consul' && tls.serviceName, 'chat-eu');
  });

  test('nats:// takes a server list and a bucket', () => {
    assert.deepEqual(parseRegistryAddress('nats://a:4222,b:4223,nats://c?bucket=nodes_eu'), {
      kind: 'nats',
      servers: ['nats://a:4222', 'nats://b:4223', 'nats://c:4222'],
      bucket: 'nodes_eu',
      label: 'nats://a:4222,nats://b:4223,nats://c:4222 (bucket nodes_eu)',
    });
    const single = parseRegistryAddress('tls://n1');
    assert.equal(single.kind === 'nats' && single.bucket, 'chat_nodes');
  });

  test('bad values name the setting and show an accepted form', () => {
    for (const [raw, pattern] of [
      ['127.0.0.1:8500', /--registry: "127.0.0.1:8500" is not a registry address: use e.g. consul:\/\//],
      ['redis://x:6379', /not a registry address/],
      ['consul://', /has no host/],
      ['consul://h?service=a b', /service "a b" must be/],
      ['nats://a,http://b', /"http:\/\/b" must start with nats:\/\/ or tls:\/\//],
      ['nats://a?bucket=x.y', /bucket "x.y"/],
    ] as const) {
      assert.throws(() => parseRegistryAddress(raw), (error: unknown) => error instanceof ConfigError && pattern.test(error.message), raw);
    }
    assert.throws(() => parseRegistryAddress('x', 'CHAT_REGISTRY_URL'), /^ConfigError: CHAT_REGISTRY_URL:|CHAT_REGISTRY_URL: "x"/);
  });
});
