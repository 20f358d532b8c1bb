import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClient } from '../../test/fakeClient.js';
import { info, node, overview, sampledOverview, T0 } from '../../test/fixtures.js';
import { manualEnv } from '../../test/manualEnv.js';
import { createConsoleStore, HISTORY_LIMIT } from './index.js';

describe('overview slice', () => {
  test('refreshOverview stores the overview, and a failure keeps the error for the retry banner', async () => {
    const client = new FakeClient().answer('getOverview', () => overview([node('node-1')]));
    const store = createConsoleStore(client, manualEnv());
    await store.getState().refreshOverview();
    assert.equal(store.getState().overviewState, 'ready');
    assert.deepEqual(store.getState().overview?.nodes.map((n) => n.id), ['node-1']);

    client.fail('getOverview', 'NOT_AVAILABLE', 'registry unreachable');
    await store.getState().refreshOverview();
    assert.equal(store.getState().overviewState, 'error');
    assert.deepEqual(store.getState().overviewError, { code: 'NOT_AVAILABLE', message: 'registry unreachable' });
    assert.equal(store.getState().overview?.nodes.length, 1, 'older data stays on screen');
  });

  test(`msgs/s history keeps the last ${HISTORY_LIMIT} samples per node, once per sample time`, () => {
    const store = createConsoleStore(new FakeClient(), manualEnv());
    for (let i = 0; i < HISTORY_LIMIT + 15; i++) store.getState().applyOverview(sampledOverview(['node-1', 'node-2'], T0 + i * 1000, i));
    store.getState().applyOverview(sampledOverview(['node-1', 'node-2'], T0 + (HISTORY_LIMIT + 14) * 1000, 999)); // same sampledAt again
    const history = store.getState().rateHistory['node-1'] ?? [];
    assert.equal(history.length, HISTORY_LIMIT);
    assert.equal(history[0]?.msgsIn, 15, 'oldest samples dropped first');
    assert.equal(history[history.length - 1]?.msgsIn, HISTORY_LIMIT + 14, 'a repeated sample is not added twice');
    assert.deepEqual(history[0], { at: T0 + 15_000, msgsIn: 15, msgsOut: 12 });
  });

  test('a node without stats gets no sample, and a node that left loses its history', () => {
    const store = createConsoleStore(new FakeClient(), manualEnv());
    store.getState().applyOverview(sampledOverview(['node-1', 'node-2'], T0, 5));
    store.getState().applyOverview(overview([node('node-1', { stats: null })]));
    assert.deepEqual(Object.keys(store.getState().rateHistory), ['node-1']);
    assert.equal(store.getState().rateHistory['node-1']?.length, 1);
  });

  test('addNode calls the sandbox, selects the new node and refreshes', async () => {
    let nodes = [node('node-1')];
    const client = new FakeClient()
      .answer('getInfo', () => info())
      .answer('getOverview', () => overview(nodes))
      .answer('addSandboxNode', () => {
        const added = node('node-2', { port: 9002 });
        nodes = [...nodes, added];
        return added;
      });
    const store = createConsoleStore(client, manualEnv());
    const added = await store.getState().addNode();
    assert.equal(added?.id, 'node-2');
    assert.equal(store.getState().selectedNodeId, 'node-2');
    assert.equal(store.getState().sandboxBusy, false);
    assert.deepEqual(store.getState().overview?.nodes.map((n) => n.id), ['node-1', 'node-2']);
    assert.deepEqual(client.callsOf('addSandboxNode'), [null]);
  });

  test('removeNode sends the node id, clears the selection of that node, and reports refusals', async () => {
    const client = new FakeClient().answer('getOverview', () => overview([node('node-1')])).answer('removeSandboxNode', () => null);
    const store = createConsoleStore(client, manualEnv());
    store.getState().selectNode('node-2');
    assert.equal(await store.getState().removeNode('node-2'), true);
    assert.deepEqual(client.callsOf('removeSandboxNode'), [{ nodeId: 'node-2' }]);
    assert.equal(store.getState().selectedNodeId, null);

    client.fail('removeSandboxNode', 'READ_ONLY', 'the console is read-only');
    assert.equal(await store.getState().removeNode('node-1'), false);
    assert.deepEqual(store.getState().sandboxError, { code: 'READ_ONLY', message: 'the console is read-only' });
    assert.equal(store.getState().sandboxBusy, false);
  });

  test('a second add while one is running is ignored', async () => {
    let release: () => void = () => {};
    const client = new FakeClient()
      .answer('getOverview', () => overview([node('node-1')]))
      .answer('addSandboxNode', () => new Promise((resolve) => (release = () => resolve(node('node-2')))));
    const store = createConsoleStore(client, manualEnv());
    const first = store.getState().addNode();
    assert.equal(await store.getState().addNode(), null);
    release();
    await first;
    assert.equal(client.callsOf('addSandboxNode').length, 1);
  });
});
