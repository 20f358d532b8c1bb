/**
 * The Settings screen end to end on the server side: a console started without cluster flags
 * saves cluster settings through the web server's HTTP API into CHAT_CONSOLE_CONFIG_DIR; the
 * next start (loadConsoleConfig with no flags) joins that cluster.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startConsoleRuntime, WebConsoleServer, type ConsoleRuntime } from '../../src/admin/index.js';
import { silentLogger } from '../../src/common/logger.js';
import { loadConsoleConfig } from '../../src/config/consoleConfig.js';
import { FAST_HASHER } from '../helpers/testNode.js';

function call(port: number, token: string, method: string, arg: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/call/${method}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text === '' ? null : JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(arg));
  });
}

describe('console settings over the web API', () => {
  let dir: string;
  let env: Record<string, string>;
  let runtime: ConsoleRuntime;
  let server: WebConsoleServer;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'console-settings-it-'));
    env = { CHAT_CONSOLE_CONFIG_DIR: join(dir, 'config') };
    const { config } = loadConsoleConfig(['--node-port', '0', '--nodes', '1', '--log-level', 'silent'], env);
    assert.equal(config.mode, 'embedded');
    runtime = await startConsoleRuntime({ config, logger: silentLogger, passwordHasher: FAST_HASHER });
    server = new WebConsoleServer({ dispatch: runtime.dispatch, events: runtime, staticDir: null, port: 0 });
    ({ port } = await server.listen());
  });
  after(async () => {
    await server.close();
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('getSettings: nothing saved yet, the sandbox runs on defaults', async () => {
    const answer = await call(port, server.token, 'getSettings', null);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { saved: { nats: '', redis: '', consul: '', registry: '' }, file: join(dir, 'config', 'settings.json'), activeSource: 'defaults', appliesAfterRestart: false });
  });

  test('a refused combination is a 400 naming the field, and nothing is written', async () => {
    const answer = await call(port, server.token, 'saveSettings', { nats: 'nats://127.0.0.1:4222', redis: '', consul: '', registry: '' });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.code, 'BAD_ARGUMENT');
    assert.match(answer.json.message, /^saveSettings: redis: is required with --nats/);
    assert.equal(existsSync(join(dir, 'config', 'settings.json')), false);
  });

  test('saved settings make the next start (no flags) join that cluster', async () => {
    const saved = { nats: 'nats://10.1.2.3:4222,nats://10.1.2.4:4222', redis: 'redis://10.1.2.5:6379', consul: 'http://10.1.2.6:8500', registry: 'consul' };
    const answer = await call(port, server.token, 'saveSettings', saved);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { saved, file: join(dir, 'config', 'settings.json'), activeSource: 'defaults', appliesAfterRestart: true });
    assert.deepEqual((await call(port, server.token, 'getSettings', null)).json.saved, saved);

    const next = loadConsoleConfig([], env, 777).config;
    assert.equal(next.mode, 'cluster');
    assert.equal(next.settings.source, 'settings');
    assert.deepEqual(next.node.natsServers, ['nats://10.1.2.3:4222', 'nats://10.1.2.4:4222']);
    assert.equal(next.node.redisUrl, 'redis://10.1.2.5:6379');
    assert.equal(next.node.consulUrl, 'http://10.1.2.6:8500');
    assert.equal(next.node.registry, 'consul');
    assert.equal(next.node.id, 'console-777');
    assert.equal(loadConsoleConfig(['--registry', 'memory'], env).config.mode, 'embedded', 'flags still win');
  });
});
