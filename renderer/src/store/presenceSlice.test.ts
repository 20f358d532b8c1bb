import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PresencePageRequest } from '../../../node-runtime/contract/index.js';
import { FakeClient } from '../../test/fakeClient.js';
import { change, page, row } from '../../test/fixtures.js';
import { manualEnv } from '../../test/manualEnv.js';
import { createConsoleStore, DEFAULT_PAGE_SIZE, HIGHLIGHT_MS } from './index.js';

const keys = (rows: { userId: number; nodeId: string }[]) => rows.map((r) => `${r.userId}@${r.nodeId}`);

function pagedClient() {
  const pages: Record<string, ReturnType<typeof page>> = {
    first: page([row(1, 'node-1'), row(2, 'node-2')], 'c2', { 'node-1': 3, 'node-2': 2 }),
    c2: page([row(3, 'node-1'), row(4, 'node-2')], 'c3', { 'node-1': 3, 'node-2': 2 }),
    c3: page([row(5, 'node-1')], null, { 'node-1': 3, 'node-2': 2 }),
  };
  return new FakeClient().answer('listPresence', (request) => pages[request.cursor ?? 'first'] ?? page([]));
}

describe('presence slice: paging and search', () => {
  test('loads the first page with the default size and an empty search', async () => {
    const client = pagedClient();
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadPresence();
    assert.deepEqual(client.callsOf('listPresence'), [{ cursor: null, limit: DEFAULT_PAGE_SIZE, search: '' }]);
    assert.deepEqual(keys(store.getState().presenceRows), ['1@node-1', '2@node-2']);
    assert.deepEqual(store.getState().presenceCounts, { 'node-1': 3, 'node-2': 2 });
    assert.equal(store.getState().presenceNextCursor, 'c2');
  });

  test('next follows the server cursor and previous walks back the cursors seen', async () => {
    const client = pagedClient();
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadPresence();
    await store.getState().nextPresencePage();
    await store.getState().nextPresencePage();
    assert.deepEqual(keys(store.getState().presenceRows), ['5@node-1']);
    assert.deepEqual(store.getState().presencePrevCursors, [null, 'c2']);
    await store.getState().nextPresencePage(); // no next cursor: nothing happens
    await store.getState().prevPresencePage();
    assert.deepEqual(keys(store.getState().presenceRows), ['3@node-1', '4@node-2']);
    await store.getState().prevPresencePage();
    assert.equal(store.getState().presenceCursor, null);
    assert.deepEqual(keys(store.getState().presenceRows), ['1@node-1', '2@node-2']);
    const cursors = (client.callsOf('listPresence') as PresencePageRequest[]).map((request) => request.cursor);
    assert.deepEqual(cursors, [null, 'c2', 'c3', 'c2', null]);
  });

  test('page size and search start again from the first page', async () => {
    const client = pagedClient();
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadPresence();
    await store.getState().nextPresencePage();
    await store.getState().setPresencePageSize(100);
    assert.deepEqual(client.callsOf('listPresence').at(-1), { cursor: null, limit: 100, search: '' });
    await store.getState().nextPresencePage();
    await store.getState().setPresenceSearch('ali');
    assert.deepEqual(client.callsOf('listPresence').at(-1), { cursor: null, limit: 100, search: 'ali' });
    assert.deepEqual(store.getState().presencePrevCursors, []);
    await store.getState().setPresencePageSize(100_000);
    assert.equal(store.getState().presencePageSize, 500, 'clamped to the contract bound');
  });

  test('an older answer that arrives late does not overwrite a newer search', async () => {
    const resolvers: ((value: ReturnType<typeof page>) => void)[] = [];
    const client = new FakeClient().answer('listPresence', () => new Promise((resolve) => resolvers.push(resolve)));
    const store = createConsoleStore(client, manualEnv());
    const slow = store.getState().setPresenceSearch('a');
    const fast = store.getState().setPresenceSearch('al');
    resolvers[1]?.(page([row(7, 'node-1', 'alice')]));
    await fast;
    resolvers[0]?.(page([row(8, 'node-1', 'adam')]));
    await slow;
    assert.deepEqual(keys(store.getState().presenceRows), ['7@node-1']);
  });

  test('a failed page keeps the error for the retry button', async () => {
    const client = new FakeClient().fail('listPresence', 'NOT_AVAILABLE', 'Redis is down');
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadPresence();
    assert.equal(store.getState().presenceState, 'error');
    assert.deepEqual(store.getState().presenceError, { code: 'NOT_AVAILABLE', message: 'Redis is down' });
  });
});

describe('presence slice: live events', () => {
  async function loaded(env = manualEnv()) {
    const client = new FakeClient().answer('listPresence', () => page([row(1, 'node-1'), row(2, 'node-2')], 'c2'));
    const store = createConsoleStore(client, env);
    await store.getState().loadPresence();
    return { store, env, client };
  }

  test('a batch moves counts, highlights rows on the page and prepends new users on the first page', async () => {
    const { store } = await loaded();
    store.getState().applyPresenceChanges([change('offline', 1, 'node-1'), change('online', 9, 'node-2'), change('online', 10, 'node-1')]);
    const state = store.getState();
    assert.deepEqual(state.presenceCounts, { 'node-1': 1, 'node-2': 2 });
    assert.deepEqual(keys(state.presenceRows), ['10@node-1', '9@node-2', '1@node-1', '2@node-2']);
    assert.equal(state.presenceHighlights['1:node-1']?.kind, 'offline');
    assert.equal(state.presenceHighlights['9:node-2']?.kind, 'online');
    assert.equal(state.presenceHighlights['2:node-2'], undefined);
  });

  test('within one batch the last change of a row wins, and every change counts', async () => {
    const { store } = await loaded();
    store.getState().applyPresenceChanges([change('online', 9, 'node-2'), change('offline', 9, 'node-2')]);
    assert.deepEqual(keys(store.getState().presenceRows), ['1@node-1', '2@node-2'], 'a user who came and went is not inserted');
    assert.deepEqual(store.getState().presenceCounts, { 'node-1': 1, 'node-2': 1 });
    store.getState().applyPresenceChanges([change('offline', 2, 'node-2'), change('online', 2, 'node-2')]);
    assert.equal(store.getState().presenceHighlights['2:node-2']?.kind, 'online');
    assert.equal(store.getState().presenceCounts['node-2'], 1);
  });

  test('counts never go below zero', async () => {
    const { store } = await loaded();
    store.getState().applyPresenceChanges([change('offline', 50, 'node-3'), change('offline', 51, 'node-3')]);
    assert.equal(store.getState().presenceCounts['node-3'], 0);
  });

  test('only changes matching the search show as rows; the counts (of everyone) follow them all', async () => {
    const client = new FakeClient().answer('listPresence', () => page([row(1, 'node-1', 'alice')], null, { 'node-1': 5 }));
    const store = createConsoleStore(client, manualEnv());
    await store.getState().setPresenceSearch('ALI');
    store.getState().applyPresenceChanges([change('online', 2, 'node-1', 'bob'), change('online', 3, 'node-1', 'malik'), change('online', 42, 'node-2', null)]);
    assert.deepEqual(keys(store.getState().presenceRows), ['3@node-1', '1@node-1']);
    assert.deepEqual(store.getState().presenceCounts, { 'node-1': 7, 'node-2': 1 });
    await store.getState().setPresenceSearch('042');
    store.getState().applyPresenceChanges([change('online', 42, 'node-3', null)]);
    assert.ok(store.getState().presenceRows.some((r) => r.userId === 42), 'an exact user id matches (as a number, like the server)');
  });

  test('new users are not inserted on later pages (their order is the server cursor order)', async () => {
    const { store } = await loaded();
    await store.getState().nextPresencePage();
    const before = keys(store.getState().presenceRows);
    store.getState().applyPresenceChanges([change('online', 99, 'node-1')]);
    assert.deepEqual(keys(store.getState().presenceRows), before);
    assert.equal(store.getState().presenceCounts['node-1'], 2);
  });

  test('highlights fade after HIGHLIGHT_MS; offline rows leave the table then', async () => {
    const { store, env } = await loaded();
    store.getState().applyPresenceChanges([change('offline', 1, 'node-1'), change('online', 9, 'node-2')]);
    env.advance(HIGHLIGHT_MS / 2);
    store.getState().applyPresenceChanges([change('online', 2, 'node-2')]);
    env.advance(HIGHLIGHT_MS / 2);
    let state = store.getState();
    assert.deepEqual(Object.keys(state.presenceHighlights), ['2:node-2'], 'the later highlight is still on');
    assert.deepEqual(keys(state.presenceRows), ['9@node-2', '2@node-2'], 'the offline row is gone, the online one stays');
    env.advance(HIGHLIGHT_MS / 2);
    state = store.getState();
    assert.deepEqual(state.presenceHighlights, {});
    assert.equal(env.pendingTimers(), 0, 'no timer left once nothing is highlighted');
  });
});
