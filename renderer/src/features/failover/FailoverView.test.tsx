/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { FailoverRunView, FailoverStatus } from '../../../../node-runtime/contract/index.js';
import { FakeClient } from '../../../test/fakeClient.js';
import { info } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, inAct, render, settle, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore } from '../../store/index.js';
import { FailoverView } from './FailoverView.js';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

const ZERO = { sent: 0, acknowledged: 0, delivered: 0, duplicated: 0, lost: 0 };
const SCENARIO = { name: 'kill-node-2', description: 'kill node-2', durationSec: 30, steps: [{ at: 0, action: 'blast-start' as const, ratePerSec: 200, users: 20 }, { at: 10, action: 'kill' as const, nodeId: 'node-2' }] };

function status(overrides: Partial<FailoverStatus> = {}): FailoverStatus {
  return {
    nodes: [
      { id: 'node-1', route: 'in-process', running: true, actions: ['drain', 'kill', 'restart'], note: null },
      { id: 'node-2', route: 'remote', running: false, actions: [], note: 'restart is up to the node’s supervisor' },
    ],
    scenarios: [SCENARIO],
    run: null,
    reports: [],
    remoteControl: true,
    folder: '/tmp/cfg/failover',
    canLaunch: false,
    ...overrides,
  };
}

async function mount(client: FakeClient, readOnly = false) {
  const store = createConsoleStore(client, manualEnv());
  client.answer('getInfo', () => info({ readOnly }));
  await store.getState().loadInfo();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <FailoverView />
    </ConsoleStoreProvider>,
  );
  await settle();
  return { view, store };
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);

describe('FailoverView', () => {
  test('a node action asks for confirmation first; Cancel does nothing, Confirm calls controlNode', async () => {
    const client = new FakeClient().answer('getFailoverStatus', () => status()).answer('controlNode', () => status());
    await mount(client);
    await click(byTestId('node-kill-node-1') as Element);
    assert.equal(client.callsOf('controlNode').length, 0, 'nothing happens on the first click');
    await click(byTestId('cancel-node-kill-node-1') as Element);
    assert.ok(byTestId('node-kill-node-1'), 'back to the button');
    await click(byTestId('node-kill-node-1') as Element);
    await click(byTestId('confirm-node-kill-node-1') as Element);
    await settle();
    assert.deepEqual(client.callsOf('controlNode'), [{ nodeId: 'node-1', action: 'kill' }]);
    assert.equal(byTestId('node-drain-node-2'), null, 'a remote node without actions has no button');
  });

  test('the --local-cluster NATS server and Redis are rows with kill and restart behind the same confirmation', async () => {
    const servers = [
      { id: 'nats-1', kind: 'nats' as const, route: 'local-process' as const, running: true, actions: ['kill' as const, 'restart' as const], note: 'NATS server on 127.0.0.1:4333, started by this console' },
      { id: 'redis-1', kind: 'redis' as const, route: 'local-process' as const, running: false, actions: ['restart' as const], note: null },
    ];
    const client = new FakeClient().answer('getFailoverStatus', () => status({ nodes: servers })).answer('controlNode', () => status({ nodes: servers }));
    await mount(client);
    assert.equal(byTestId('failover-node-nats-1')?.getAttribute('data-kind'), 'nats');
    assert.match(byTestId('failover-node-redis-1')?.textContent ?? '', /Redis/);
    assert.ok(byTestId('node-restart-nats-1'), 'NATS can be restarted');
    assert.equal(byTestId('node-drain-nats-1'), null, 'a server is never drained');
    assert.equal(byTestId('node-kill-redis-1'), null, 'a Redis that is down can only be restarted');
    await click(byTestId('node-kill-nats-1') as Element);
    assert.match(document.body.textContent ?? '', /Kill nats-1 \(NATS server\)\? every node loses its bus/);
    assert.equal(client.callsOf('controlNode').length, 0);
    await click(byTestId('confirm-node-kill-nats-1') as Element);
    await settle();
    assert.deepEqual(client.callsOf('controlNode'), [{ nodeId: 'nats-1', action: 'kill' }]);
    await click(byTestId('node-restart-redis-1') as Element);
    await click(byTestId('confirm-node-restart-redis-1') as Element);
    await settle();
    assert.deepEqual(client.callsOf('controlNode').at(-1), { nodeId: 'redis-1', action: 'restart' });
  });

  test('read-only hides the servers\' kill and restart too', async () => {
    const servers = [{ id: 'nats-1', kind: 'nats' as const, route: 'local-process' as const, running: true, actions: ['kill' as const, 'restart' as const], note: 'started by this console' }];
    await mount(new FakeClient().answer('getFailoverStatus', () => status({ nodes: servers })), true);
    assert.ok(byTestId('failover-node-nats-1'), 'the row is shown');
    assert.equal(byTestId('node-kill-nats-1'), null);
    assert.equal(byTestId('node-restart-nats-1'), null);
  });

  test('Run names what the scenario will stop, then calls runScenario; a refusal is shown with its code', async () => {
    const client = new FakeClient().answer('getFailoverStatus', () => status()).fail('runScenario', 'NOT_AVAILABLE', 'scenario "x" is running');
    await mount(client);
    await click(byTestId('run-scenario') as Element);
    assert.match(document.body.textContent ?? '', /Run “kill-node-2”\? It will kill node-2\./);
    await click(byTestId('confirm-run-scenario') as Element);
    await settle();
    assert.deepEqual(client.callsOf('runScenario'), [{ name: 'kill-node-2' }]);
    assert.equal(byTestId('failover-error')?.getAttribute('data-code'), 'NOT_AVAILABLE');
  });

  test('read-only mode hides every destructive control but still shows runs and report downloads', async () => {
    const run: FailoverRunView = { id: 'r1', scenario: SCENARIO, state: 'finished', startedAt: 0, elapsedMs: 30_000, counts: { ...ZERO, sent: 5, acknowledged: 5, delivered: 5 }, samples: [], timeline: [{ t: 10_000, kind: 'control', nodeId: 'node-2', text: 'kill node-2' }], error: null, reportId: '20261127-210000-abcdef' };
    const client = new FakeClient().answer('getFailoverStatus', () => status({ run, reports: [{ id: '20261127-210000-abcdef', scenario: 'kill-node-2', finishedAt: 0, verdict: 'pass', counts: run.counts }] }));
    await mount(client, true);
    for (const id of ['node-kill-node-1', 'run-scenario', 'edit-scenario', 'delete-scenario', 'stop-scenario']) assert.equal(byTestId(id), null, `${id} hidden`);
    assert.equal(byTestId('run-count-sent')?.textContent, '5');
    assert.equal(byTestId('failover-run')?.getAttribute('data-report-id'), '20261127-210000-abcdef');
    assert.ok(byTestId('download-html-20261127-210000-abcdef'), 'reports can still be downloaded');
    assert.match(byTestId('failover-timeline')?.textContent ?? '', /kill node-2/);
  });

  test('the failover event replaces the status', async () => {
    const client = new FakeClient().answer('getFailoverStatus', () => status());
    const { store } = await mount(client);
    store.getState().start();
    await settle();
    await inAct(() => client.emit('failover', status({ nodes: [{ id: 'node-9', route: 'remote', running: true, actions: ['drain', 'kill'], note: null }] })));
    assert.ok(byTestId('failover-node-node-9'));
    assert.equal(byTestId('failover-node-node-1'), null);
  });
});
