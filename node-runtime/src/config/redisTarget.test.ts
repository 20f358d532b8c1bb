/** `--redis`: one server, or Redis Cluster seeds in either form; bad values refused naming the flag. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../common/errors.js';
import { loadNodeConfig } from './loadNodeConfig.js';
import { describeRedisTarget, parseRedisTarget } from './redisTarget.js';

function refused(raw: string, pattern: RegExp): void {
  assert.throws(
    () => parseRedisTarget(raw),
    (error: unknown) => error instanceof ConfigError && error.setting === '--redis' && pattern.test(error.message),
    `${JSON.stringify(raw)} should be refused`,
  );
}

describe('parseRedisTarget', () => {
  test('one redis:// or rediss:// URL is one server, kept as written', () => {
    assert.deepEqual(parseRedisTarget('redis://127.0.0.1:6379'), { mode: 'single', url: 'redis://127.0.0.1:6379' });
    assert.deepEqual(parseRedisTarget(' rediss://u:p@cache.example:6380/2 '), { mode: 'single', url: 'rediss://u:p@cache.example:6380/2' });
  });

  test('several URLs are the seeds of a Redis Cluster', () => {
    assert.deepEqual(parseRedisTarget('redis://10.0.0.1:7000, redis://10.0.0.2:7001,redis://[::1]:7002'), {
      mode: 'cluster',
      seeds: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }, { host: '::1', port: 7002 }],
      tls: false,
    });
  });

  test('redis+cluster:// is a cluster even from one seed; later parts may leave out the scheme; credentials and TLS carry over', () => {
    assert.deepEqual(parseRedisTarget('redis+cluster://127.0.0.1:7000'), { mode: 'cluster', seeds: [{ host: '127.0.0.1', port: 7000 }], tls: false });
    assert.deepEqual(parseRedisTarget('rediss+cluster://app:s%40cret@a:7000,b:7001,c'), {
      mode: 'cluster',
      seeds: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }, { host: 'c', port: 6379 }],
      tls: true,
      username: 'app',
      password: 's@cret',
    });
  });

  test('bad values are refused with what fixes them', () => {
    refused('', /needs a Redis URL/);
    refused('not a url', /is not a URL/);
    refused('http://127.0.0.1:6379', /must start with redis:\/\//);
    refused('redis://a:7000,rediss://b:7001', /mixes TLS/);
    refused('redis://u:one@a:7000,redis://u:two@b:7001', /different users or passwords/);
    refused('redis://a:7000/3,redis://b:7001', /only database 0/);
  });

  test('the description for logs and health hides passwords', () => {
    assert.equal(describeRedisTarget('redis://u:secret@a:7000,redis://b:7001'), 'redis://u:***@a:7000,redis://b:7001');
    assert.equal(describeRedisTarget('redis://a:6379'), 'redis://a:6379');
  });

  test('the node accepts cluster seeds for --redis (and CHAT_REDIS) and refuses a bad one naming the flag', () => {
    const seeds = 'redis://127.0.0.1:7000,redis://127.0.0.1:7001';
    const config = loadNodeConfig(['--nats', 'nats://127.0.0.1:4222', '--redis', seeds], {}).config;
    assert.equal(config.redisUrl, seeds);
    assert.equal(loadNodeConfig(['--nats', 'nats://127.0.0.1:4222'], { CHAT_REDIS: 'redis+cluster://h:7000' }).config.redisUrl, 'redis+cluster://h:7000');
    assert.throws(
      () => loadNodeConfig(['--nats', 'nats://127.0.0.1:4222', '--redis', 'redis://a:1,redis://b:2/5'], {}),
      (error: unknown) => error instanceof ConfigError && error.setting === '--redis',
    );
  });
});
