/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { FakeClient } from '../../../test/fakeClient.js';
import { backends, info, node, overview, page, row } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, inAct, render, settle, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore, THEME_PREF_KEY } from '../../store/index.js';
import { NO_TOKEN_MESSAGE } from '../../transport/index.js';
import { App } from './index.js';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

async function mount(client: FakeClient, env = manualEnv()) {
  const store = createConsoleStore(client, env);
  store.getState().start();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <App />
    </ConsoleStoreProvider>,
  );
  await settle();
  return { store, view, env };
}

const healthy = () =>
  new FakeClient()
    .answer('getInfo', () => info({ mode: 'cluster', readOnly: true, sandbox: false }))
    .answer('getOverview', () => ({
      ...overview([node('node-1')], { mode: 'cluster', readOnly: true }),
      backends: [
        { port: 'bus', kind: 'nats-jetstream', endpoint: 'nats://127.0.0.1:4222', state: 'ok', detail: '' },
        { port: 'registry', kind: 'consul', endpoint: 'http://127.0.0.1:8500', state: 'degraded', detail: 'Consul did not answer for 4 s' },
        { port: 'presence', kind: 'redis', endpoint: 'redis://127.0.0.1:6379', state: 'ok', detail: '' },
        { port: 'store', kind: 'redis', endpoint: 'redis://127.0.0.1:6379', state: 'down', detail: 'ECONNREFUSED' },
      ],
    }))
    .answer('listPresence', () => page([row(1, 'node-1', 'alice')]));

describe('App shell', () => {
  test('a missing token explains to open the URL printed by npm run web', async () => {
    const { view } = await mount(new FakeClient().fail('getInfo', 'UNAUTHORIZED', NO_TOKEN_MESSAGE).fail('getOverview', 'UNAUTHORIZED', NO_TOKEN_MESSAGE));
    const gate = view.byTestId('token-missing');
    assert.match(gate.textContent ?? '', /Open the URL printed by npm run web/);
    assert.match(gate.textContent ?? '', /\?token=/);
    assert.equal(view.maybeByTestId('nav-topology')?.tagName, 'BUTTON', 'the navigation is still there');
  });

  test('an unreachable server shows the message and a retry', async () => {
    const client = new FakeClient().fail('getInfo', 'NOT_AVAILABLE', 'Cannot reach the console server at http://127.0.0.1:8080 (Failed to fetch).');
    const { view } = await mount(client);
    assert.match(view.byTestId('startup-error').textContent ?? '', /Cannot reach the console server/);
    client.answer('getInfo', () => info()).answer('getOverview', () => overview([node('node-1')])).answer('listPresence', () => page([]));
    const retry = [...view.byTestId('startup-error').querySelectorAll('button')].find((button) => button.textContent === 'Retry');
    assert.ok(retry);
    await click(retry);
    await settle();
    assert.ok(view.byTestId('topology-node-node-1'));
  });

  test('the status bar shows each backend with kind, endpoint and state in words, mode, read-only and the event feed', async () => {
    const { view } = await mount(healthy());
    const registry = view.byTestId('backend-registry');
    assert.equal(registry.getAttribute('data-state'), 'degraded');
    assert.match(registry.textContent ?? '', /registry.*consul.*http:\/\/127\.0\.0\.1:8500.*degraded.*Consul did not answer/);
    assert.equal(view.byTestId('backend-store').getAttribute('data-state'), 'down');
    assert.match(view.byTestId('backend-store').textContent ?? '', /down/);
    assert.equal(view.byTestId('backend-bus').getAttribute('data-state'), 'ok');
    assert.equal(view.byTestId('mode').getAttribute('data-mode'), 'cluster');
    assert.ok(view.byTestId('read-only-badge'));
    assert.equal(view.maybeByTestId('add-node'), null, 'read-only: no sandbox controls');
    assert.equal(view.byTestId('events-state').getAttribute('data-state'), 'open');
  });

  test('the events state follows the transport', async () => {
    const client = healthy();
    const { view } = await mount(client);
    await inAct(() => client.setStatus({ state: 'reconnecting', attempt: 3, retryInMs: 2000 }));
    assert.equal(view.byTestId('events-state').getAttribute('data-state'), 'reconnecting');
    assert.match(view.byTestId('events-state').textContent ?? '', /reconnecting \(attempt 3, next try in 2 s\)/);
  });

  test('navigation switches between Topology, Presence and Settings, and only ready views are offered', async () => {
    const { view } = await mount(healthy());
    assert.equal(view.byTestId('nav-topology').getAttribute('aria-current'), 'page');
    assert.ok(view.byTestId('topology-node-node-1'));
    await click(view.byTestId('nav-presence'));
    assert.equal(view.byTestId('nav-presence').getAttribute('aria-current'), 'page');
    assert.ok(view.byTestId('presence-row-1-node-1'));
    assert.ok(view.maybeByTestId('nav-traffic'), 'Traffic is ready');
    assert.deepEqual(
      [...view.container.querySelectorAll('nav[aria-label="Views"] button')].map((button) => button.textContent),
      ['Topology', 'Presence', 'Traffic', 'Test lab', 'Failover', 'Settings'],
    );
    await click(view.byTestId('nav-settings'));
    await settle();
    assert.equal(view.byTestId('nav-settings').getAttribute('aria-current'), 'page');
    assert.ok(view.maybeByTestId('settings-load-error') ?? view.maybeByTestId('settings-file'), 'the settings view is shown');
  });

  test('the theme toggle switches the page theme and remembers it', async () => {
    const env = manualEnv({ prefersDark: false });
    const { view } = await mount(healthy(), env);
    assert.equal(document.documentElement.dataset['theme'], 'light');
    await click(view.byTestId('theme-toggle'));
    assert.equal(document.documentElement.dataset['theme'], 'dark');
    assert.equal(view.byTestId('theme-toggle').getAttribute('data-theme'), 'dark');
    assert.equal(env.saved.get(THEME_PREF_KEY), 'dark');
  });

  test('no nodes in the sandbox: says to press Add node', async () => {
    const client = new FakeClient()
      .answer('getInfo', () => info())
      .answer('getOverview', () => ({ ...overview([]), backends: backends() }))
      .answer('listPresence', () => page([]));
    const { view } = await mount(client);
    assert.match(view.byTestId('topology-empty').textContent ?? '', /Press “Add node”/);
    assert.ok(view.byTestId('add-node'));
  });
});
