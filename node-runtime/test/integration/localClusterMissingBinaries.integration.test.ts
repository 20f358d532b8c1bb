/**
 * `npm run web -- --local-cluster` on a machine without nats-server and redis-server: the console
 * does not start, exits 2 (a settings error) and says what to install; nothing is left running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('webMain --local-cluster with a PATH lacking the binaries: exit 2 and the fix', () => {
  const emptyBin = mkdtempSync(join(os.tmpdir(), 'no-binaries-'));
  const configDir = mkdtempSync(join(os.tmpdir(), 'no-binaries-config-'));
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'node-runtime/cli/webMain.ts', '--local-cluster', '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: emptyBin, CHAT_CONSOLE_CONFIG_DIR: configDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 2, `exit status (stderr: ${result.stderr})`);
    assert.match(result.stderr, /--local-cluster.*needs nats-server and redis-server on PATH.*apt-get install nats-server redis-server/);
    assert.doesNotMatch(result.stdout, /Console ready/);
  } finally {
    rmSync(emptyBin, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
  }
});
