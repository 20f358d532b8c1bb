/** Settings: flags over env over defaults, every parse error naming its flag, and the cluster cross-checks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../common/errors.js';
import { loadNodeConfig, nodeHelpText } from './loadNodeConfig.js';

const load = (argv: string[], env: Record<string, string> = {}) => loadNodeConfig(argv, env).config;

function rejects(argv: string[], setting: string, pattern: RegExp, env: Record<string, string> = {}): void {
  assert.throws(
    () => load(argv, env),
    (error: unknown) => error instanceof ConfigError && error.setting === setting && pattern.test(error.message),
    `${argv.join(' ')} should be refused naming ${setting}`,
  );
}

describe('loadNodeConfig', () => {
  test('defaults give the embedded node', () => {
    const config = load([]);
    assert.deepEqual([config.port, config.host, config.registry, config.natsServers, config.redisUrl, config.adminPort], [9000, '127.0.0.1', 'memory', [], null, null]);
    assert.equal(config.idleTimeoutMs, 180_000);
    assert.equal(config.maxFrameBytes, 8192);
  });

  test('flags win over environment variables; --flag=value works', () => {
    const config = load(['--port=9100', '--idle-timeout', '3m', '--max-frame', '64KiB'], { CHAT_PORT: '9200', CHAT_NODE_ID: 'from-env' });
    assert.equal(config.port, 9100);
    assert.equal(config.id, 'from-env');
    assert.equal(config.idleTimeoutMs, 180_000);
    assert.equal(config.maxFrameBytes, 65536);
  });

  test('the registry follows the cluster flags unless given', () => {
    const nats = ['--nats', 'nats://127.0.0.1:4222,nats://127.0.0.1:4223', '--redis', 'redis://127.0.0.1:6379'];
    assert.equal(load(nats).registry, 'nats');
    assert.deepEqual(load(nats).natsServers, ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223']);
    assert.equal(load([...nats, '--consul', 'http://127.0.0.1:8500']).registry, 'consul');
    assert.equal(load(nats, { CHAT_REGISTRY: 'nats', CHAT_CONSUL: 'http://127.0.0.1:8500' }).registry, 'nats');
  });

  test('combinations that cannot form a cluster are refused, naming the missing flag', () => {
    rejects(['--nats', 'nats://127.0.0.1:4222'], '--redis', /is required with --nats/);
    rejects(['--redis', 'redis://127.0.0.1:6379'], '--nats', /is required with --redis/);
    rejects(['--registry', 'consul'], '--consul', /is required with --registry consul/);
    rejects(['--registry', 'nats'], '--nats', /is required with --registry nats/);
    rejects(['--nats', 'nats://a:1', '--redis', 'redis://b:2', '--registry', 'memory'], '--registry', /cannot be shared/);
    rejects(['--consul', 'http://127.0.0.1:8500'], '--nats', /is required with --consul/);
  });

  test('bad URLs and values name their flag', () => {
    rejects(['--nats', 'http://x:1', '--redis', 'redis://b:2'], '--nats', /must start with nats:\/\//);
    rejects(['--nats', 'nats://a:1', '--redis', 'not a url'], '--redis', /is not a URL/);
    rejects(['--admin-port', '-1'], '--admin-port', /not a whole number|out of range/);
    rejects(['--node-ttl', '100ms'], '--node-ttl', /too short/);
    rejects(['--registry', 'zookeeper'], '--registry', /is not a registry/);
    rejects([], 'CHAT_IDLE_TIMEOUT', /is not a duration/, { CHAT_IDLE_TIMEOUT: 'forever' });
  });

  test('--help is reported and the help text lists every setting with its env var', () => {
    assert.equal(loadNodeConfig(['--help'], {}).help, true);
    const text = nodeHelpText('npm run node --');
    for (const flag of ['--nats', '--redis', '--consul', '--registry', '--node-ttl', '--admin-port', '--admin-host']) assert.ok(text.includes(flag), flag);
    assert.match(text, /CHAT_REDIS/);
  });
});
