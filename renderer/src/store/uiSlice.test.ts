import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClient } from '../../test/fakeClient.js';
import { manualEnv } from '../../test/manualEnv.js';
import { createConsoleStore, THEME_PREF_KEY } from './index.js';

describe('ui slice', () => {
  test('the theme defaults to the system preference', () => {
    assert.equal(createConsoleStore(new FakeClient(), manualEnv({ prefersDark: true })).getState().theme, 'dark');
    assert.equal(createConsoleStore(new FakeClient(), manualEnv({ prefersDark: false })).getState().theme, 'light');
  });

  test('a remembered theme wins over the system, and toggling remembers the choice', () => {
    const env = manualEnv({ prefersDark: true, saved: { [THEME_PREF_KEY]: 'light' } });
    const store = createConsoleStore(new FakeClient(), env);
    assert.equal(store.getState().theme, 'light');
    store.getState().toggleTheme();
    assert.equal(store.getState().theme, 'dark');
    assert.equal(env.saved.get(THEME_PREF_KEY), 'dark');
  });

  test('view and selection', () => {
    const store = createConsoleStore(new FakeClient(), manualEnv());
    assert.equal(store.getState().view, 'topology');
    store.getState().setView('presence');
    store.getState().selectNode('node-2');
    assert.equal(store.getState().view, 'presence');
    assert.equal(store.getState().selectedNodeId, 'node-2');
  });
});
