/** Only the console's own flags reach node-runtime; Electron's and Chromium's switches are dropped. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consoleArguments } from './consoleBackend.js';

test('console flags are kept with their values; Electron switches are dropped', () => {
  assert.deepEqual(
    consoleArguments(['--no-sandbox', '--nats', 'nats://a:1', '--enable-logging', '--redis=redis://b:2', '--read-only', '--nodes', '4', '--inspect=9229', 'app.asar']),
    ['--nats', 'nats://a:1', '--redis=redis://b:2', '--read-only', '--nodes', '4'],
  );
});
