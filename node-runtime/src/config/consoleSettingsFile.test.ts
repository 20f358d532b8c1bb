/** The console's saved cluster settings: where the file lives, reading (missing, corrupt, wrong types), atomic writing, validation naming the field. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError } from '../common/errors.js';
import { consoleConfigDir, consoleSettingsPath, EMPTY_CONSOLE_SETTINGS, readConsoleSettings, validateConsoleSettings, writeConsoleSettings } from './consoleSettingsFile.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'console-settings-'));
  dirs.push(dir);
  return dir;
}

const CLUSTER = { nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379', consul: 'http://127.0.0.1:8500', registry: 'consul' } as const;

describe('console settings file', () => {
  test('lives in CHAT_CONSOLE_CONFIG_DIR, else XDG_CONFIG_HOME/chat-zinx-console, else ~/.config/chat-zinx-console', () => {
    assert.equal(consoleSettingsPath({ CHAT_CONSOLE_CONFIG_DIR: '/tmp/x', XDG_CONFIG_HOME: '/tmp/y' }), join('/tmp/x', 'settings.json'));
    assert.equal(consoleSettingsPath({ XDG_CONFIG_HOME: '/tmp/y' }), join('/tmp/y', 'chat-zinx-console', 'settings.json'));
    assert.equal(consoleConfigDir({ CHAT_CONSOLE_CONFIG_DIR: '' }), join(os.homedir(), '.config', 'chat-zinx-console'));
  });

  test('a missing file reads as empty settings, without a warning', () => {
    const warnings: string[] = [];
    assert.deepEqual(readConsoleSettings(join(tempDir(), 'settings.json'), (w) => warnings.push(w)), EMPTY_CONSOLE_SETTINGS);
    assert.deepEqual(warnings, []);
  });

  test('write then read gives the same settings; the file is written atomically (no temp file left)', () => {
    const dir = join(tempDir(), 'nested');
    const file = join(dir, 'settings.json');
    writeConsoleSettings(file, CLUSTER);
    assert.deepEqual(readConsoleSettings(file), CLUSTER);
    writeConsoleSettings(file, { ...EMPTY_CONSOLE_SETTINGS, nats: 'nats://a:4222', redis: 'redis://b:6379' });
    assert.deepEqual(readConsoleSettings(file), { nats: 'nats://a:4222', redis: 'redis://b:6379', consul: '', registry: '' });
    assert.deepEqual(readdirSync(dir), ['settings.json']);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { nats: 'nats://a:4222', redis: 'redis://b:6379', consul: '', registry: '' });
  });

  test('a failed write leaves the old file and no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeConsoleSettings(file, CLUSTER);
    // A directory where the file should be: the rename fails.
    const blocked = join(dir, 'blocked');
    writeConsoleSettings(join(blocked, 'settings.json'), CLUSTER);
    assert.throws(() => writeConsoleSettings(blocked, CLUSTER));
    assert.deepEqual(readdirSync(dir).sort(), ['blocked', 'settings.json']);
    assert.deepEqual(readConsoleSettings(file), CLUSTER);
  });

  test('a corrupt file is ignored with a warning; fields of the wrong type are ignored one by one', () => {
    const file = join(tempDir(), 'settings.json');
    for (const body of ['{not json', '[1,2]', '"text"', 'null']) {
      writeFileSync(file, body);
      const warnings: string[] = [];
      assert.deepEqual(readConsoleSettings(file, (w) => warnings.push(w)), EMPTY_CONSOLE_SETTINGS, body);
      assert.equal(warnings.length, 1, body);
    }
    writeFileSync(file, JSON.stringify({ nats: 42, redis: 'redis://r:6379', consul: ['x'], registry: 'etcd', other: true }));
    const warnings: string[] = [];
    assert.deepEqual(readConsoleSettings(file, (w) => warnings.push(w)), { nats: '', redis: 'redis://r:6379', consul: '', registry: '' });
    assert.equal(warnings.length, 3);
    assert.match(warnings.join('\n'), /"nats" must be a string[\s\S]*"consul" must be a string[\s\S]*"registry" must be/);
  });

  test('validation uses the node parsers and validateClusterSettings, naming the field', () => {
    const refused = (settings: Partial<typeof CLUSTER> | Record<string, string>, field: string, pattern: RegExp) =>
      assert.throws(
        () => validateConsoleSettings({ ...EMPTY_CONSOLE_SETTINGS, ...settings } as never),
        (error: unknown) => error instanceof ConfigError && error.setting === field && pattern.test(error.message),
        JSON.stringify(settings),
      );
    refused({ nats: 'nats://n:4222' }, 'redis', /^redis: is required with --nats/);
    refused({ redis: 'redis://r:6379' }, 'nats', /^nats: is required with --redis/);
    refused({ nats: 'bogus' }, 'nats', /^nats: "bogus" is not a URL/);
    refused({ nats: 'nats://n:4222', redis: 'redis://r:6379', registry: 'memory' }, 'registry', /cannot be shared/);
    refused({ nats: 'nats://n:4222', redis: 'redis://r:6379', registry: 'consul' }, 'consul', /is required with --registry consul/);
    assert.deepEqual(validateConsoleSettings({ ...CLUSTER, nats: ' nats://127.0.0.1:4222 ' }), CLUSTER);
    assert.deepEqual(validateConsoleSettings(EMPTY_CONSOLE_SETTINGS), EMPTY_CONSOLE_SETTINGS);
  });
});
