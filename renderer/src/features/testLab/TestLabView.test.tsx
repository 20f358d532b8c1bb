/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { LabState } from '../../../../node-runtime/contract/index.js';
import { FakeClient } from '../../../test/fakeClient.js';
import { info } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, render, settle, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore } from '../../store/index.js';
import { TestLabView } from './TestLabView.js';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

const latency = { count: 3, p50: 1.5, p90: 2.25, p99: 4, max: 4 };
const STATE: LabState = {
  prefix: 'lab',
  users: [
    { username: 'lab-001', userId: 1, nodeId: 'node-1', server: '127.0.0.1:9000', state: 'ready' },
    { username: 'lab-002', userId: 2, nodeId: 'node-2', server: '127.0.0.1:9001', state: 'reconnecting' },
  ],
  messages: [
    {
      id: 'm1',
      kind: 'p2p',
      from: 'lab-001',
      to: 'lab-002',
      subject: 'chat.p2p.2',
      content: 'hi',
      msgId: 'x',
      status: 'delivered',
      error: null,
      sentAt: 1000,
      hops: [
        { step: 'send', at: 1000, nodeId: 'node-1', detail: 'lab-001' },
        { step: 'ack', at: 1004, nodeId: 'node-1', detail: 'x' },
        { step: 'bus', at: 1005, nodeId: 'node-1', detail: 'chat.p2p.2' },
        { step: 'deliver', at: 1009, nodeId: 'node-2', detail: 'lab-002' },
      ],
      deliveries: [{ username: 'lab-002', nodeId: 'node-2', at: 1009, latencyMs: 9 }],
      expected: 1,
    },
  ],
  blast: {
    runId: 'r1',
    spec: { pattern: 'p2p', ratePerSec: 100, durationMs: 5000, payloadBytes: 64 },
    state: 'running',
    startedAt: 0,
    endedAt: null,
    senders: 1,
    counts: { sent: 3, acknowledged: 3, delivered: 3, duplicated: 0, lost: 1, pending: 0, outOfOrder: 0, failedAttempts: 0 },
    latency,
    ackLatency: latency,
    reconnects: [],
    duplicates: [],
  },
  blastTicks: [],
  maxPayloadBytes: 7936,
};

async function mount(readOnly: boolean, client = new FakeClient()) {
  client.answer('getInfo', () => info({ readOnly })).answer('getLabState', () => STATE);
  const store = createConsoleStore(client, manualEnv());
  await store.getState().loadInfo();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <TestLabView />
    </ConsoleStoreProvider>,
  );
  await settle();
  return { view, client };
}

describe('TestLabView', () => {
  test('shows users with their nodes, a message route with its hops, and the blast counters (lost highlighted)', async () => {
    const { view } = await mount(false);
    assert.equal(view.byTestId('lab-user-lab-002').getAttribute('data-node'), 'node-2');
    assert.match(view.byTestId('lab-user-lab-002').textContent ?? '', /reconnecting/);
    assert.equal(view.byTestId('lab-message-route').textContent, 'node-1 → chat.p2p.2 → node-2');
    const steps = [...view.byTestId('lab-hops').querySelectorAll('[data-step]')].map((item) => `${item.getAttribute('data-step')}@${item.getAttribute('data-node')}`);
    assert.deepEqual(steps, ['send@node-1', 'ack@node-1', 'bus@node-1', 'deliver@node-2']);
    assert.equal(view.byTestId('lab-message-latency').textContent, '1/1 delivered · 9 ms');
    assert.equal(view.byTestId('blast-lost').getAttribute('data-value'), '1');
    assert.ok(view.byTestId('blast-lost').classList.contains('counter-bad'));
    assert.equal(view.byTestId('blast-stop').textContent, 'Stop', 'a running blast offers Stop instead of Start');
  });

  test('Send calls sendLabMessage with the chosen users; read-only hides every form', async () => {
    const client = new FakeClient().answer('sendLabMessage', () => STATE.messages[0]!);
    const { view } = await mount(false, client);
    await click(view.byTestId('lab-send'));
    assert.deepEqual(client.callsOf('sendLabMessage'), [{ kind: 'p2p', from: 'lab-001', to: 'lab-002', content: 'hello from the test lab' }]);
    await view.unmount();

    const readOnly = await mount(true);
    assert.ok(readOnly.view.byTestId('lab-read-only'));
    for (const id of ['lab-create-users', 'lab-send', 'blast-start', 'blast-stop']) assert.equal(readOnly.view.maybeByTestId(id), null, `${id} is hidden`);
    assert.ok(readOnly.view.byTestId('blast-results'), 'results stay visible');
  });
});
