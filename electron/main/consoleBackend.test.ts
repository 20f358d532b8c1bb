/** Only the console's own flags reach node-runtime; Electron's and Chromium's switches are dropped. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consoleArguments, consoleEnvironment } from './consoleBackend.js';

test('console flags are kept with their values; Electron switches are dropped', () => {
  assert.deepEqual(
    consoleArguments(['--no-sandbox', '--nats', 'nats://a:1', '--enable-logging', '--redis=redis://b:2', '--read-only', '--nodes', '4', '--inspect=9229', 'app.asar']),
    ['--nats', 'nats://a:1', '--redis=redis://b:2', '--read-only', '--nodes', '4'],
  );
  // A switch never swallows the next argument (here Electron's app path).
  assert.deepEqual(consoleArguments(['--local-cluster', 'app.asar', '--nodes', '2']), ['--local-cluster', '--nodes', '2']);
  // Every console setting is passed on, the Failover lab's remote-control secret included.
  assert.deepEqual(consoleArguments(['--admin-secret', 's3cret', '--node-ttl=3s']), ['--admin-secret', 's3cret', '--node-ttl=3s']);
});

test('the saved console settings live in the userData folder unless CHAT_CONSOLE_CONFIG_DIR is set', () => {
  assert.equal(consoleEnvironment({ HOME: '/home/u' }, '/data/console')['CHAT_CONSOLE_CONFIG_DIR'], '/data/console');
  assert.equal(consoleEnvironment({ CHAT_CONSOLE_CONFIG_DIR: '' }, '/data/console')['CHAT_CONSOLE_CONFIG_DIR'], '/data/console');
  assert.equal(consoleEnvironment({ CHAT_CONSOLE_CONFIG_DIR: '/elsewhere' }, '/data/console')['CHAT_CONSOLE_CONFIG_DIR'], '/elsewhere');
  assert.equal(consoleEnvironment({ HOME: '/home/u' }, '/data/console')['HOME'], '/home/u');
});
