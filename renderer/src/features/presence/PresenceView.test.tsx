/* @jsxRuntime automatic */
import '../../../test/domGlobals.js';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { PresencePageRequest } from '../../../../node-runtime/contract/index.js';
import { FakeClient } from '../../../test/fakeClient.js';
import { change, info, node, overview, page, row } from '../../../test/fixtures.js';
import { manualEnv } from '../../../test/manualEnv.js';
import { click, inAct, render, settle, typeInto, type Rendered } from '../../../test/render.js';
import { ConsoleStoreProvider, createConsoleStore, HIGHLIGHT_MS } from '../../store/index.js';
import { PresenceView } from './index.js';
import { SEARCH_DEBOUNCE_MS } from './PresenceSearch.js';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

const ROWS = [row(1, 'node-1', 'alice'), row(2, 'node-2', 'bob'), row(3, 'node-1', 'carol')];

async function mount(client: FakeClient, env = manualEnv()) {
  const store = createConsoleStore(client, env);
  store.getState().start();
  view = await render(
    <ConsoleStoreProvider store={store}>
      <PresenceView />
    </ConsoleStoreProvider>,
  );
  await settle();
  return { store, view, env };
}

const base = () =>
  new FakeClient()
    .answer('getInfo', () => info())
    .answer('getOverview', () => overview([node('node-1'), node('node-2'), node('node-3')]));

describe('PresenceView', () => {
  test('renders a row per user and node, and counts per node (0 for a node nobody is on)', async () => {
    const { view } = await mount(base().answer('listPresence', () => page(ROWS, 'next')));
    for (const r of ROWS) assert.ok(view.byTestId(`presence-row-${r.userId}-${r.nodeId}`));
    assert.match(view.byTestId('presence-row-2-node-2').textContent ?? '', /bob/);
    assert.equal(view.byTestId('presence-count-node-1').getAttribute('data-count'), '2');
    assert.equal(view.byTestId('presence-count-node-2').getAttribute('data-count'), '1');
    assert.equal(view.byTestId('presence-count-node-3').getAttribute('data-count'), '0');
    assert.ok(view.container.querySelector('.recharts-wrapper'), 'the counts bar chart is drawn');
    assert.equal((view.byTestId('presence-next') as HTMLButtonElement).disabled, false);
    assert.equal((view.byTestId('presence-prev') as HTMLButtonElement).disabled, true);
  });

  test('live events highlight the rows that changed, update the counts, then fade', async () => {
    const client = base().answer('listPresence', () => page(ROWS));
    const { view, env } = await mount(client);
    await inAct(() => client.emit('presence', [change('offline', 1, 'node-1', 'alice'), change('online', 7, 'node-3', 'dave')]));
    assert.equal(view.byTestId('presence-row-1-node-1').getAttribute('data-change'), 'offline');
    assert.match(view.byTestId('presence-row-1-node-1').textContent ?? '', /went offline/);
    assert.equal(view.byTestId('presence-row-7-node-3').getAttribute('data-change'), 'online');
    assert.equal(view.byTestId('presence-count-node-1').getAttribute('data-count'), '1');
    assert.equal(view.byTestId('presence-count-node-3').getAttribute('data-count'), '1');
    await inAct(() => env.advance(HIGHLIGHT_MS));
    assert.equal(view.maybeByTestId('presence-row-1-node-1'), null, 'the offline row left');
    assert.equal(view.byTestId('presence-row-7-node-3').getAttribute('data-change'), null, 'the highlight faded');
  });

  test('the search box asks the server after a pause in typing, once', async () => {
    const client = base().answer('listPresence', (request) => page(request.search === '' ? ROWS : ROWS.filter((r) => r.username?.includes(request.search))));
    const { view } = await mount(client);
    const input = view.byTestId('presence-search') as HTMLInputElement;
    await typeInto(input, 'a');
    await typeInto(input, 'al');
    assert.equal(client.callsOf('listPresence').length, 1, 'nothing sent while typing');
    await settle(SEARCH_DEBOUNCE_MS + 50);
    const searches = (client.callsOf('listPresence') as PresencePageRequest[]).map((request) => request.search);
    assert.deepEqual(searches, ['', 'al']);
    assert.ok(view.byTestId('presence-row-1-node-1'));
    assert.equal(view.maybeByTestId('presence-row-2-node-2'), null);
  });

  test('nobody online: says how users appear; no match: says what the search matches', async () => {
    const client = base().answer('listPresence', () => page([]));
    const { view, store } = await mount(client);
    assert.match(view.byTestId('presence-empty').textContent ?? '', /Nobody is online.*npm run client/s);
    await inAct(() => void store.getState().setPresenceSearch('zed'));
    await settle();
    assert.match(view.byTestId('presence-empty').textContent ?? '', /No online user matches “zed”/);
    assert.equal((view.byTestId('presence-search') as HTMLInputElement).value, 'zed', 'the box shows a search set elsewhere');
    await settle(SEARCH_DEBOUNCE_MS + 50);
    assert.deepEqual((client.callsOf('listPresence') as PresencePageRequest[]).map((request) => request.search), ['', 'zed'], 'and does not send the old text back');
  });

  test('a failed page shows the error and Retry loads it again', async () => {
    const client = base().fail('listPresence', 'NOT_AVAILABLE', 'Redis is unreachable (--redis redis://127.0.0.1:6379)');
    const { view } = await mount(client);
    assert.match(view.byTestId('error-state').textContent ?? '', /Redis is unreachable/);
    client.answer('listPresence', () => page(ROWS));
    const retry = [...view.byTestId('error-state').querySelectorAll('button')].find((button) => button.textContent === 'Retry');
    assert.ok(retry);
    await click(retry);
    await settle();
    assert.ok(view.byTestId('presence-row-3-node-1'));
  });
});
