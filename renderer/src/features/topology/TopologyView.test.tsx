/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { FakeClient } from '../../../test/fakeClient.js';
import { info, node, overview, page, sampledOverview, T0 } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, inAct, pressKey, render, settle, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore } from '../../store/index.js';
import { TopologyView } from './index.js';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

function cluster() {
  return overview([
    node('node-1', { tags: ['chat', 'zone-a'], meta: { version: '0.1.0', started: '2024-01-01' } }),
    node('node-2', { port: 9002, health: 'critical', checkOutput: 'TTL expired', stats: null }),
    node('node-3', { port: 9003, health: 'warning' }),
  ]);
}

async function mount(client: FakeClient) {
  const store = createConsoleStore(client, manualEnv());
  store.getState().start();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <TopologyView />
    </ConsoleStoreProvider>,
  );
  await settle();
  return { store, view };
}

const base = () =>
  new FakeClient()
    .answer('getInfo', () => info())
    .answer('listPresence', () => page([]));

describe('TopologyView', () => {
  test('draws every node with its health, and selecting one shows its checks, tags and meta', async () => {
    const { view, store } = await mount(base().answer('getOverview', cluster));
    assert.equal(view.byTestId('topology-node-node-1').getAttribute('data-health'), 'passing');
    assert.equal(view.byTestId('topology-node-node-2').getAttribute('data-health'), 'critical');
    assert.equal(view.byTestId('topology-node-node-3').getAttribute('data-health'), 'warning');
    assert.equal(view.maybeByTestId('node-detail'), null);
    assert.ok(view.byTestId('node-detail-hint').textContent?.includes('Select a node'));

    await click(view.byTestId('topology-node-node-1'));
    const detail = view.byTestId('node-detail');
    assert.equal(detail.getAttribute('data-node-id'), 'node-1');
    assert.match(detail.textContent ?? '', /TTL check passed/);
    assert.match(detail.textContent ?? '', /zone-a/);
    assert.match(detail.textContent ?? '', /started.*2024-01-01/);
    assert.equal(view.byTestId('topology-node-node-1').getAttribute('aria-pressed'), 'true');

    await pressKey(view.byTestId('topology-node-node-2'), 'Enter');
    assert.equal(store.getState().selectedNodeId, 'node-2');
    assert.match(view.byTestId('node-detail').textContent ?? '', /TTL expired/);
    assert.match(view.byTestId('node-detail').textContent ?? '', /No stats/);
  });

  test('the detail chart fills from overview events', async () => {
    const client = base().answer('getOverview', () => sampledOverview(['node-1'], T0, 5));
    const { view } = await mount(client);
    await click(view.byTestId('topology-node-node-1'));
    await inAct(() => {
      for (let i = 1; i <= 5; i++) client.emit('overview', sampledOverview(['node-1'], T0 + i * 1000, 5 + i));
    });
    const chart = view.byTestId('node-detail').querySelector('.recharts-wrapper');
    assert.ok(chart !== null, 'a recharts chart is rendered');
    assert.ok(view.byTestId('node-detail').querySelectorAll('.recharts-line').length >= 2, 'lines for in and out');
  });

  test('no nodes: explains where nodes come from', async () => {
    const { view } = await mount(base().answer('getInfo', () => info({ mode: 'cluster', sandbox: false })).answer('getOverview', () => overview([], { mode: 'cluster' })));
    const empty = view.byTestId('topology-empty');
    assert.match(empty.textContent ?? '', /No chat node is registered/);
    assert.match(empty.textContent ?? '', /npm run cluster:local/);
  });

  test('an overview that cannot load shows the message and a retry that works', async () => {
    const client = base().fail('getOverview', 'NOT_AVAILABLE', 'The registry did not answer (--consul)');
    const { view } = await mount(client);
    const error = view.byTestId('error-state');
    assert.match(error.textContent ?? '', /The registry did not answer \(--consul\)/);
    client.answer('getOverview', cluster);
    const retry = [...error.querySelectorAll('button')].find((button) => button.textContent === 'Retry');
    assert.ok(retry);
    await click(retry);
    await settle();
    assert.ok(view.byTestId('topology-node-node-1'));
  });

  test('sandbox: Add node and Remove (after a confirmation) call the admin API', async () => {
    let nodes = [node('node-1'), node('node-2', { port: 9002 })];
    const client = base()
      .answer('getOverview', () => overview(nodes))
      .answer('addSandboxNode', () => {
        const added = node('node-3', { port: 9003 });
        nodes = [...nodes, added];
        return added;
      })
      .answer('removeSandboxNode', ({ nodeId }) => {
        nodes = nodes.filter((n) => n.id !== nodeId);
        return null;
      });
    const { view } = await mount(client);
    await click(view.byTestId('add-node'));
    await settle();
    assert.ok(view.byTestId('topology-node-node-3'));
    assert.equal(view.byTestId('node-detail').getAttribute('data-node-id'), 'node-3', 'the new node is selected');

    await click(view.byTestId('remove-node-node-2'));
    assert.equal(client.callsOf('removeSandboxNode').length, 0, 'nothing removed before the confirmation');
    await click(view.byTestId('confirm-remove-node-2'));
    await settle();
    assert.deepEqual(client.callsOf('removeSandboxNode'), [{ nodeId: 'node-2' }]);
    assert.equal(view.maybeByTestId('topology-node-node-2'), null);
  });

  test('read-only or not a sandbox: no Add node, no Remove', async () => {
    const { view } = await mount(base().answer('getInfo', () => info({ readOnly: true })).answer('getOverview', () => overview([node('node-1')], { readOnly: true })));
    assert.equal(view.maybeByTestId('add-node'), null);
    assert.equal(view.maybeByTestId('remove-node-node-1'), null);
  });
});
