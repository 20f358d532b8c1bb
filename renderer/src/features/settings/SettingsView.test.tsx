/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { act } from 'react';
import { afterEach, describe, test } from 'node:test';
import type { ConsoleSettingsInput, ConsoleSettingsView } from '../../../../node-runtime/contract/index.js';
import { AdminCallError } from '../../transport/index.js';
import { FakeClient } from '../../../test/fakeClient.js';
import { info } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, render, settle, typeInto, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore } from '../../store/index.js';
import { fieldOfError, SettingsView } from './SettingsView.js';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

const FILE = '/home/u/.config/chat-zinx-console/settings.json';
const EMPTY: ConsoleSettingsInput = { nats: '', redis: '', consul: '', registry: '' };
const answer = (saved: ConsoleSettingsInput, appliesAfterRestart = false): ConsoleSettingsView => ({ saved, file: FILE, activeSource: 'defaults', appliesAfterRestart });

async function mount(client: FakeClient) {
  const store = createConsoleStore(client, manualEnv());
  await store.getState().loadInfo();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <SettingsView />
    </ConsoleStoreProvider>,
  );
  await settle();
  return view;
}

async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set;
    setter?.call(select, value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('SettingsView', () => {
  test('shows the saved settings and the file, saves the form, and says it applies after a restart', async () => {
    const saved = { nats: 'nats://old:4222', redis: 'redis://old:6379', consul: '', registry: '' } as const;
    const client = new FakeClient()
      .answer('getInfo', () => info())
      .answer('getSettings', () => answer(saved))
      .answer('saveSettings', (input) => answer(input, true));
    const view = await mount(client);
    assert.match(view.byTestId('settings-file').textContent ?? '', /chat-zinx-console\/settings\.json/);
    assert.equal((view.byTestId('settings-nats') as HTMLInputElement).value, 'nats://old:4222');
    assert.equal(view.byTestId('settings-restart-note').getAttribute('data-pending'), 'false');
    assert.match(view.byTestId('settings-restart-note').textContent ?? '', /after restarting the console/);

    await typeInto(view.byTestId('settings-nats') as HTMLInputElement, 'nats://new:4222');
    await typeInto(view.byTestId('settings-consul') as HTMLInputElement, 'http://consul:8500');
    await choose(view.byTestId('settings-registry') as HTMLSelectElement, 'consul');
    await click(view.byTestId('settings-save'));
    await settle();
    assert.deepEqual(client.callsOf('saveSettings'), [{ nats: 'nats://new:4222', redis: 'redis://old:6379', consul: 'http://consul:8500', registry: 'consul' }]);
    assert.equal(view.byTestId('settings-restart-note').getAttribute('data-pending'), 'true');
    assert.match(view.byTestId('settings-restart-note').textContent ?? '', /^Saved\./);
    assert.equal(view.maybeByTestId('settings-error'), null);
  });

  test('a refusal from the server is shown next to the form and marks the field it names', async () => {
    const client = new FakeClient()
      .answer('getInfo', () => info())
      .answer('getSettings', () => answer(EMPTY))
      .answer('saveSettings', () => {
        throw new AdminCallError('BAD_ARGUMENT', 'saveSettings: redis: is required with --nats');
      });
    const view = await mount(client);
    await typeInto(view.byTestId('settings-nats') as HTMLInputElement, 'nats://n:4222');
    await click(view.byTestId('settings-save'));
    await settle();
    assert.match(view.byTestId('settings-error').textContent ?? '', /redis: is required with --nats/);
    assert.equal(view.byTestId('settings-error').getAttribute('data-code'), 'BAD_ARGUMENT');
    assert.equal(view.byTestId('settings-redis').getAttribute('aria-invalid'), 'true');
    assert.equal((view.byTestId('settings-nats') as HTMLInputElement).value, 'nats://n:4222', 'the draft is kept');
  });

  test('read-only: the form is disabled and nothing is saved', async () => {
    const client = new FakeClient().answer('getInfo', () => info({ readOnly: true, sandbox: false })).answer('getSettings', () => answer(EMPTY));
    const view = await mount(client);
    assert.ok(view.byTestId('settings-read-only'));
    assert.equal((view.byTestId('settings-nats') as HTMLInputElement).matches(':disabled'), true);
    assert.equal((view.byTestId('settings-save') as HTMLButtonElement).matches(':disabled'), true);
    await click(view.byTestId('settings-save'));
    assert.deepEqual(client.callsOf('saveSettings'), []);
  });

  test('fieldOfError finds the field a refusal names', () => {
    assert.equal(fieldOfError('saveSettings: consul: is required with --registry consul'), 'consul');
    assert.equal(fieldOfError('saveSettings: field "registry" must be consul, nats, memory or empty'), 'registry');
    assert.equal(fieldOfError('something else'), null);
  });
});
