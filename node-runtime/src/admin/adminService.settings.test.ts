/** AdminService.getSettings/saveSettings: the file, the source of the running settings, read-only, and a console without a settings file. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_NODE_CONFIG } from '../config/nodeConfig.js';
import { EMPTY_CONSOLE_SETTINGS } from '../config/consoleSettingsFile.js';
import { AdminError } from './adminErrors.js';
import { AdminService, type AdminServiceOptions } from './adminService.js';
import { ConsoleHost } from './consoleHost.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function service(options: AdminServiceOptions): AdminService {
  return new AdminService(new ConsoleHost({ node: { ...DEFAULT_NODE_CONFIG } }), options);
}

function settingsFile(): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'admin-settings-'));
  dirs.push(dir);
  return join(dir, 'settings.json');
}

const CLUSTER = { nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379', consul: '', registry: 'nats' } as const;

describe('AdminService settings', () => {
  test('saveSettings writes the file; getSettings reads it back and says a restart applies it', async () => {
    const file = settingsFile();
    const admin = service({ settings: { file, source: 'defaults', startedWith: { ...EMPTY_CONSOLE_SETTINGS } } });
    assert.deepEqual(await admin.getSettings(), { saved: EMPTY_CONSOLE_SETTINGS, file, activeSource: 'defaults', appliesAfterRestart: false });
    assert.deepEqual(await admin.saveSettings({ ...CLUSTER }), { saved: CLUSTER, file, activeSource: 'defaults', appliesAfterRestart: true });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), CLUSTER);
    assert.deepEqual((await admin.getSettings()).saved, CLUSTER);
    admin.close();
  });

  test('running on the saved settings: saving the same ones needs no restart, other ones do', async () => {
    const file = settingsFile();
    const admin = service({ settings: { file, source: 'settings', startedWith: { ...CLUSTER } } });
    assert.equal((await admin.saveSettings({ ...CLUSTER })).appliesAfterRestart, false);
    assert.equal((await admin.saveSettings({ ...EMPTY_CONSOLE_SETTINGS })).appliesAfterRestart, true);
    admin.close();
  });

  test('read-only refuses saveSettings and writes nothing; without a settings file both answer NOT_AVAILABLE', async () => {
    const file = settingsFile();
    const readOnly = service({ readOnly: true, settings: { file, source: 'flags', startedWith: { ...EMPTY_CONSOLE_SETTINGS } } });
    await assert.rejects(readOnly.saveSettings({ ...CLUSTER }), (error: unknown) => error instanceof AdminError && error.code === 'READ_ONLY');
    assert.equal((await readOnly.getSettings()).activeSource, 'flags');
    assert.throws(() => readFileSync(file));
    readOnly.close();
    const none = service({});
    await assert.rejects(none.getSettings(), (error: unknown) => error instanceof AdminError && error.code === 'NOT_AVAILABLE');
    await assert.rejects(none.saveSettings({ ...CLUSTER }), (error: unknown) => error instanceof AdminError && error.code === 'NOT_AVAILABLE');
    none.close();
  });
});
