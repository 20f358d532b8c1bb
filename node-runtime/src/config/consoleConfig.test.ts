/** The web console's flags: its own, the node's (with --node-port/--node-host), and errors naming the flag. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../common/errors.js';
import { consoleHelpText, loadConsoleConfig } from './consoleConfig.js';

const load = (argv: string[], env: Record<string, string> = {}) => loadConsoleConfig(argv, env, 4242).config;

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
});
