/** The web console's flags: its own, the node's (with --node-port/--node-host), and errors naming the flag. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError } from '../common/errors.js';
import { consoleHelpText, loadConsoleConfig } from './consoleConfig.js';
import { writeConsoleSettings } from './consoleSettingsFile.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'console-config-'));
  dirs.push(dir);
  return dir;
}
/** No saved settings unless a test saves some: never the user's own config folder. */
const NO_SETTINGS = tempDir();

const load = (argv: string[], env: Record<string, string> = {}) => loadConsoleConfig(argv, { CHAT_CONSOLE_CONFIG_DIR: NO_SETTINGS, ...env }, 4242).config;

function rejects(argv: string[], setting: string, pattern: RegExp, env: Record<string, string> = {}): void {
  assert.throws(
    () => load(argv, env),
    (error: unknown) => error instanceof ConfigError && error.setting === setting && pattern.test(error.message),
    `${argv.join(' ')} should be refused naming ${setting}`,
  );
}

describe('loadConsoleConfig', () => {
  test('defaults: an embedded sandbox of 3 nodes from port 9000, the web console on 127.0.0.1:7800, writable', () => {
    const config = load([]);
    assert.deepEqual([config.mode, config.sandboxNodes, config.node.port, config.node.host, config.webHost, config.webPort, config.readOnly], ['embedded', 3, 9000, '127.0.0.1', '127.0.0.1', 7800, false]);
  });

  test('--port and --host are the web server; the nodes take --node-port and --node-host', () => {
    const config = load(['--port', '0', '--host=0.0.0.0', '--node-port', '0', '--node-host', '127.0.0.2', '--nodes', '5', '--read-only', '--log-level', 'warn']);
    assert.deepEqual([config.webPort, config.webHost, config.node.port, config.node.host, config.sandboxNodes, config.readOnly, config.node.logLevel], [0, '0.0.0.0', 0, '127.0.0.2', 5, true, 'warn']);
    assert.equal(load(['--read-only=false']).readOnly, false);
    assert.equal(load([], { CONSOLE_READ_ONLY: '1', CONSOLE_PORT: '7900', CHAT_PORT: '9100' }).readOnly, true);
    assert.equal(load([], { CONSOLE_PORT: '7900' }).webPort, 7900);
    assert.equal(load([], { CHAT_PORT: '9100' }).node.port, 9100);
  });

  test('cluster flags join a cluster with one node named console-<pid> unless --id is given', () => {
    const cluster = ['--nats', 'nats://127.0.0.1:4222', '--redis', 'redis://127.0.0.1:6379'];
    const config = load(cluster);
    assert.deepEqual([config.mode, config.node.id, config.node.registry], ['cluster', 'console-4242', 'nats']);
    assert.equal(load([...cluster, '--id', 'ops-console']).node.id, 'ops-console');
    rejects([...cluster, '--nodes', '2'], '--nodes', /embedded sandbox/);
  });

  test('bad values and combinations name their flag', () => {
    rejects(['--port', 'web'], '--port', /not a whole number/);
    rejects(['--node-port', '70000'], '--node-port', /out of range/);
    rejects(['--nodes', '0'], '--nodes', /out of range/);
    rejects(['--nodes', '17'], '--nodes', /out of range/);
    rejects(['--read-only=maybe'], '--read-only', /not a switch/);
    rejects(['--host', ''], '--host', /must not be empty/);
    rejects(['--nats', 'nats://127.0.0.1:4222'], '--redis', /is required with --nats/);
    rejects(['--id', 'x'], '--id', /sandbox nodes are named/);
    rejects(['--node-port', '65534'], '--node-port', /consecutive ports/);
    rejects(['--bogus'], '--bogus', /unknown option/);
    rejects(['--port'], '--port', /needs a value/);
  });

  test('--help lists every flag with its environment variable', () => {
    assert.equal(loadConsoleConfig(['--help'], {}).help, true);
    const text = consoleHelpText('npm run web --');
    for (const flag of ['--port', '--host', '--read-only', '--nodes', '--node-port', '--node-host', '--nats', '--redis', '--consul', '--registry', '--id', '--admin-port']) {
      assert.match(text, new RegExp(`^  ${flag}\\b`, 'm'), flag);
    }
    assert.match(text, /CONSOLE_PORT/);
    assert.match(text, /default 7800/);
  });

  describe('saved settings (Settings screen)', () => {
    const SAVED = { nats: 'nats://10.0.0.1:4222', redis: 'redis://10.0.0.2:6379', consul: '', registry: '' } as const;
    function savedDir(settings: object = SAVED): Record<string, string> {
      const dir = tempDir();
      writeConsoleSettings(join(dir, 'settings.json'), settings as never);
      return { CHAT_CONSOLE_CONFIG_DIR: dir };
    }

    test('defaults: no saved settings and no flags is the sandbox, source "defaults"', () => {
      const config = load([]);
      assert.deepEqual([config.mode, config.settings.source, config.settings.file], ['embedded', 'defaults', join(NO_SETTINGS, 'settings.json')]);
    });

    test('saved settings apply when no cluster flag or env is given, as if they were flags', () => {
      const config = load(['--node-port', '0'], savedDir());
      assert.deepEqual([config.mode, config.settings.source, config.node.natsServers, config.node.redisUrl, config.node.registry, config.node.id], ['cluster', 'settings', ['nats://10.0.0.1:4222'], 'redis://10.0.0.2:6379', 'nats', 'console-4242']);
      const consul = load([], savedDir({ ...SAVED, consul: 'http://10.0.0.3:8500' }));
      assert.deepEqual([consul.node.consulUrl, consul.node.registry], ['http://10.0.0.3:8500', 'consul']);
    });

    test('flags and cluster environment variables win over saved settings', () => {
      const env = savedDir();
      const flags = load(['--nats', 'nats://127.0.0.1:4222', '--redis', 'redis://127.0.0.1:6379'], env);
      assert.deepEqual([flags.settings.source, flags.node.natsServers, flags.node.redisUrl], ['flags', ['nats://127.0.0.1:4222'], 'redis://127.0.0.1:6379']);
      assert.deepEqual(flags.settings.saved, SAVED, 'the saved settings are still reported');
      const sandbox = load(['--registry', 'memory'], env);
      assert.deepEqual([sandbox.mode, sandbox.settings.source, sandbox.node.natsServers], ['embedded', 'flags', []]);
      const fromEnv = load([], { ...env, CHAT_NATS: 'nats://e:4222', CHAT_REDIS: 'redis://e:6379' });
      assert.deepEqual([fromEnv.settings.source, fromEnv.node.natsServers], ['flags', ['nats://e:4222']]);
      assert.throws(() => load(['--nodes', '2'], env), (error: unknown) => error instanceof ConfigError && error.setting === '--nodes' && /--registry memory/.test(error.message));
    });

    test('a corrupt or inconsistent settings file is ignored with a warning, never a crash', () => {
      const corrupt = tempDir();
      writeFileSync(join(corrupt, 'settings.json'), '{oops');
      const config = load([], { CHAT_CONSOLE_CONFIG_DIR: corrupt });
      assert.deepEqual([config.mode, config.settings.source, config.settings.warnings.length], ['embedded', 'defaults', 1]);
      const half = load([], savedDir({ nats: 'nats://n:4222' }));
      assert.deepEqual([half.mode, half.settings.source], ['embedded', 'defaults']);
      assert.match(half.settings.warnings.join('\n'), /redis: is required with --nats.*saved settings ignored/);
    });
  });

  describe('--local-cluster', () => {
    /** A PATH holding stand-ins for the two binaries (only their presence is checked here). */
    function fakeBin(names: string[]): string {
      const dir = tempDir();
      for (const name of names) {
        writeFileSync(join(dir, name), '#!/bin/sh\n');
        chmodSync(join(dir, name), 0o755);
      }
      return dir;
    }
    const withBoth = { PATH: fakeBin(['nats-server', 'redis-server']) };

    test('joins its own cluster (registry nats) with 3 launched nodes by default, --nodes N otherwise', () => {
      const config = load(['--local-cluster'], withBoth);
      assert.deepEqual([config.mode, config.localCluster, config.node.registry, config.node.id, config.settings.source], ['cluster', { nodes: 3 }, 'nats', 'console-4242', 'flags']);
      assert.deepEqual(load(['--local-cluster', '--nodes', '5'], withBoth).localCluster, { nodes: 5 });
      assert.deepEqual(load([], { ...withBoth, CONSOLE_LOCAL_CLUSTER: 'yes' }).localCluster, { nodes: 3 });
      assert.equal(load(['--local-cluster=false']).localCluster, null);
      rejects(['--local-cluster', '--nodes', '9'], '--nodes', /at most 8/, withBoth);
    });

    test('refused with --nats, --redis, --consul, --registry or their environment variables', () => {
      rejects(['--local-cluster', '--nats', 'nats://127.0.0.1:4222'], '--local-cluster', /cannot be used with --nats/, withBoth);
      rejects(['--redis', 'redis://127.0.0.1:6379', '--local-cluster'], '--local-cluster', /cannot be used with --redis/, withBoth);
      rejects(['--local-cluster', '--consul', 'http://127.0.0.1:8500'], '--local-cluster', /cannot be used with --consul/, withBoth);
      rejects(['--local-cluster', '--registry', 'nats'], '--local-cluster', /cannot be used with --registry/, withBoth);
      rejects(['--local-cluster'], '--local-cluster', /cannot be used with CHAT_NATS/, { ...withBoth, CHAT_NATS: 'nats://e:4222' });
    });

    test('without the binaries on PATH: an error naming what is missing and the fix', () => {
      rejects(['--local-cluster'], '--local-cluster', /needs nats-server and redis-server on PATH.*apt-get install nats-server redis-server/, { PATH: tempDir() });
      rejects(['--local-cluster'], '--local-cluster', /needs redis-server on PATH.*apt-get install nats-server redis-server/, { PATH: fakeBin(['nats-server']) });
    });
  });
});
