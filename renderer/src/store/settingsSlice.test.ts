import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsoleSettingsInput, ConsoleSettingsView } from '../../../node-runtime/contract/index.js';
import { FakeClient } from '../../test/fakeClient.js';
import { manualEnv } from '../../test/manualEnv.js';
import { createConsoleStore } from './index.js';

const EMPTY: ConsoleSettingsInput = { nats: '', redis: '', consul: '', registry: '' };
const view = (saved: ConsoleSettingsInput, appliesAfterRestart = false): ConsoleSettingsView => ({ saved, file: '/home/u/.config/chat-zinx-console/settings.json', activeSource: 'defaults', appliesAfterRestart });
const CLUSTER: ConsoleSettingsInput = { nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379', consul: '', registry: '' };

describe('settings slice', () => {
  test('loadSettings stores the view; a failure keeps the error', async () => {
    const client = new FakeClient().answer('getSettings', () => view(EMPTY));
    const store = createConsoleStore(client, manualEnv());
    assert.equal(store.getState().settings, null);
    await store.getState().loadSettings();
    assert.equal(store.getState().settingsState, 'ready');
    assert.deepEqual(store.getState().settings, view(EMPTY));
    client.fail('getSettings', 'NOT_AVAILABLE', 'no settings file');
    await store.getState().loadSettings();
    assert.equal(store.getState().settingsState, 'error');
    assert.deepEqual(store.getState().settingsError, { code: 'NOT_AVAILABLE', message: 'no settings file' });
  });

  test('saveSettings sends the input and stores the answer; a refusal is kept for the form and cleared by the next save', async () => {
    const client = new FakeClient().answer('getSettings', () => view(EMPTY)).fail('saveSettings', 'BAD_ARGUMENT', 'saveSettings: redis: is required with --nats');
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadSettings();
    assert.equal(await store.getState().saveSettings({ ...CLUSTER, redis: '' }), false);
    assert.deepEqual(store.getState().settingsSaveError, { code: 'BAD_ARGUMENT', message: 'saveSettings: redis: is required with --nats' });
    assert.equal(store.getState().settingsSaving, false);
    assert.deepEqual(store.getState().settings?.saved, EMPTY, 'the saved settings are unchanged');

    client.answer('saveSettings', (input) => view(input, true));
    assert.equal(await store.getState().saveSettings(CLUSTER), true);
    assert.equal(store.getState().settingsSaveError, null);
    assert.deepEqual(store.getState().settings, view(CLUSTER, true));
    assert.notEqual(store.getState().settingsSavedAt, null);
    assert.deepEqual(client.callsOf('saveSettings'), [{ ...CLUSTER, redis: '' }, CLUSTER]);
  });
});
