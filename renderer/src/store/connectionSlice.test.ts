import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClient } from '../../test/fakeClient.js';
import { change, info, node, overview, page, row } from '../../test/fixtures.js';
import { manualEnv } from '../../test/manualEnv.js';
import { createConsoleStore } from './index.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function liveClient() {
  return new FakeClient()
    .answer('getInfo', () => info({ mode: 'cluster', sandbox: false }))
    .answer('getOverview', () => overview([node('node-1')], { mode: 'cluster' }))
    .answer('listPresence', () => page([row(1, 'node-1')]));
}

describe('connection slice', () => {
  test('start loads info, overview and presence, then follows both event feeds', async () => {
    const client = liveClient();
    const store = createConsoleStore(client, manualEnv());
    const stop = store.getState().start();
    await flush();
    const state = store.getState();
    assert.equal(state.info?.mode, 'cluster');
    assert.equal(state.overview?.nodes.length, 1);
    assert.equal(state.presenceRows.length, 1);

    client.emit('overview', overview([node('node-1'), node('node-2')]));
    assert.equal(store.getState().overview?.nodes.length, 2);
    client.emit('presence', [change('online', 5, 'node-2')]);
    assert.equal(store.getState().presenceCounts['node-2'], 1);

    stop();
    assert.equal(client.listenerCount('overview'), 0);
    assert.equal(client.listenerCount('presence'), 0);
  });

  test('the events state follows the transport, and a reconnect reads the current state again', async () => {
    const client = liveClient();
    const store = createConsoleStore(client, manualEnv());
    store.getState().start();
    await flush();
    const before = client.calls.length;
    client.setStatus({ state: 'reconnecting', attempt: 2, retryInMs: 1000 });
    assert.deepEqual(store.getState().events, { transport: 'http', state: 'reconnecting', attempt: 2, retryInMs: 1000 });
    client.setStatus({ state: 'open', attempt: 0, retryInMs: null });
    await flush();
    assert.deepEqual(
      client.calls.slice(before).map((call) => call.method),
      ['getOverview', 'listPresence'],
    );
  });

  test('a failed getInfo is kept with its code (the gate shows what to do)', async () => {
    const client = new FakeClient().fail('getInfo', 'UNAUTHORIZED', 'no token');
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadInfo();
    assert.equal(store.getState().infoState, 'error');
    assert.deepEqual(store.getState().infoError, { code: 'UNAUTHORIZED', message: 'no token' });
  });
});
