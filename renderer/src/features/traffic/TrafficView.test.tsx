/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { TrafficBatch, TrafficFilter, TrafficRatePoint, TrafficStatus, TrafficTailEntry } from '../../../../node-runtime/contract/index.js';
import { FakeClient } from '../../../test/fakeClient.js';
import { info, node, overview, page, T0 } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, inAct, render, settle, typeInto, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore } from '../../store/index.js';
import { RATE_HISTORY_LIMIT, TAIL_LIMIT } from '../../store/trafficSlice.js';
import { TrafficView } from './index.js';

const ANY: TrafficFilter = { subject: '', user: '', group: '', node: '', text: '' };
const status = (filter = ANY): TrafficStatus => ({ tapping: true, source: 'nats', server: 'nats://127.0.0.1:4222', connection: 'connected', reconnects: 0, error: null, filter });
const entry = (id: number, subject = `chat.p2p.${id}`): TrafficTailEntry => ({ id, at: T0 + id, subject, cls: 'p2p', kind: 'p2p', node: 'node-1', bytes: 200, fromUser: 1, toUser: id, group: null, preview: `hello ${id}` });
const point = (second: number, msgs: number): TrafficRatePoint => ({
  at: T0 + second * 1000,
  msgs,
  bytes: msgs * 200,
  byClass: { p2p: msgs, group: 0, membership: 0, system: 0, other: 0 },
  bytesByClass: { p2p: msgs * 200, group: 0, membership: 0, system: 0, other: 0 },
  byNode: { 'node-1': msgs },
});

let seq = 0;
function batch(overrides: Partial<TrafficBatch> = {}): TrafficBatch {
  return { seq: ++seq, at: T0, status: status(), counters: { seen: 10, seenBytes: 2000, matched: 10, shown: 10, undecodable: 0 }, sampleEvery: 1, matchedInBatch: 2, tail: [], rates: [], top: [], ...overrides };
}

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

async function mount(client: FakeClient) {
  const store = createConsoleStore(client, manualEnv());
  store.getState().start();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <TrafficView />
    </ConsoleStoreProvider>,
  );
  await settle();
  return { store, view };
}

const base = () =>
  new FakeClient()
    .answer('getInfo', () => info())
    .answer('getOverview', () => overview([node('node-1')]))
    .answer('listPresence', () => page([]))
    .answer('watchTraffic', () => status());

describe('Traffic slice', () => {
  test(`keeps the newest ${TAIL_LIMIT} tail rows, ${RATE_HISTORY_LIMIT} rate points once each, and freezes the tail while paused`, () => {
    const store = createConsoleStore(new FakeClient(), manualEnv());
    for (let i = 0; i < 40; i++) store.getState().applyTraffic(batch({ tail: Array.from({ length: 10 }, (_, k) => entry(i * 10 + k + 1)), rates: [point(i, i)] }));
    store.getState().applyTraffic(batch({ rates: [point(39, 999)] }));
    const state = store.getState();
    assert.equal(state.trafficTail.length, TAIL_LIMIT);
    assert.equal(state.trafficTail[0]?.id, 400, 'newest first');
    assert.equal(state.trafficRates.length, 40);
    assert.equal(state.trafficRates.at(-1)?.msgs, 39, 'a point already shown is not added again');
    for (let i = 40; i < 200; i++) store.getState().applyTraffic(batch({ rates: [point(i, i)] }));
    assert.equal(store.getState().trafficRates.length, RATE_HISTORY_LIMIT);
    store.getState().setTrafficPaused(true);
    store.getState().applyTraffic(batch({ tail: [entry(401), entry(402)] }));
    assert.equal(store.getState().trafficTail[0]?.id, 400, 'paused: the tail stands still');
    assert.equal(store.getState().trafficMissed, 2);
    store.getState().setTrafficPaused(false);
    assert.equal(store.getState().trafficMissed, 0);
  });
});

describe('TrafficView', () => {
  test('renews the tap lease, shows the tail, the sampling and the charts', async () => {
    const client = base();
    const { view } = await mount(client);
    assert.equal(client.callsOf('watchTraffic').length, 1, 'watched when shown');
    await inAct(() => client.emit('traffic', batch({ sampleEvery: 37, tail: [entry(1), entry(2, 'chat.group.9')], rates: [point(0, 5), point(1, 20)], top: [{ subject: 'chat.p2p.1', cls: 'p2p', msgs: 10, bytes: 2000, msgsPerSec: 2 }] })));
    assert.deepEqual([...view.container.querySelectorAll('[data-testid^="traffic-row-"]')].map((row) => row.getAttribute('data-subject')), ['chat.group.9', 'chat.p2p.1']);
    assert.equal(view.byTestId('traffic-sampling').textContent, 'showing 1 in 37');
    assert.equal(view.byTestId('traffic-tap-state').getAttribute('data-state'), 'connected');
    assert.equal(view.byTestId('traffic-charts').getAttribute('data-last-rate'), '20');
    assert.ok(view.byTestId('traffic-top-row-chat.p2p.1'));
  });

  test('the filter goes to the host; a refusal is shown on the field it names', async () => {
    const client = base().fail('setTrafficFilter', 'BAD_ARGUMENT', 'setTrafficFilter: field "subject": bad token "bad("');
    const { view } = await mount(client);
    await typeInto(view.byTestId('traffic-filter-subject') as HTMLInputElement, 'bad(');
    await click(view.byTestId('traffic-filter-apply'));
    await settle();
    assert.deepEqual(client.callsOf('setTrafficFilter'), [{ ...ANY, subject: 'bad(' }]);
    assert.equal(view.byTestId('traffic-error').getAttribute('data-code'), 'BAD_ARGUMENT');
    assert.equal(view.byTestId('traffic-filter-subject').getAttribute('aria-invalid'), 'true');
    assert.equal(view.maybeByTestId('traffic-filter-user')?.getAttribute('aria-invalid'), null);
  });

  test('pause freezes the tail and counts what arrived; a row opens the inspector', async () => {
    const client = base().answer('getTrafficMessage', ({ id }) => ({ entry: entry(id), envelope: { kind: 'p2p', node: 'node-1', entry: { content: `hello ${id}` } }, text: '{}', truncated: false }));
    const { view } = await mount(client);
    await inAct(() => client.emit('traffic', batch({ tail: [entry(1)] })));
    await click(view.byTestId('traffic-pause'));
    assert.equal(view.byTestId('traffic-pause').getAttribute('aria-pressed'), 'true');
    await inAct(() => client.emit('traffic', batch({ tail: [entry(2), entry(3)] })));
    assert.equal(view.container.querySelectorAll('[data-testid^="traffic-row-"]').length, 1);
    assert.equal(view.byTestId('traffic-pause').textContent, 'Resume (2 new)');
    await click(view.byTestId('traffic-row-1'));
    await settle();
    assert.equal(view.byTestId('traffic-inspector').getAttribute('data-message-id'), '1');
    assert.match(view.byTestId('traffic-envelope').textContent ?? '', /"content": "hello 1"/);
    await click(view.byTestId('traffic-pause'));
    assert.equal(view.byTestId('traffic-pause').textContent, 'Pause');
  });
});
