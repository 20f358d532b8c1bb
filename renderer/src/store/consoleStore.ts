import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConsoleClient } from '../transport/index.js';
import { createConnectionSlice } from './connectionSlice.js';
import { createOverviewSlice } from './overviewSlice.js';
import { createPresenceSlice } from './presenceSlice.js';
import { createSettingsSlice } from './settingsSlice.js';
import { browserStoreEnv, type StoreEnv } from './storeEnv.js';
import type { ConsoleState } from './storeTypes.js';
import { createUiSlice } from './uiSlice.js';
import { createTrafficSlice } from './trafficSlice.js';
import { createLabSlice } from './labSlice.js';
import { createFailoverSlice } from './failoverSlice.js';

export type ConsoleStore = StoreApi<ConsoleState>;

/** The one console store, bound to one admin client. Call `getState().start()` to go live. */
export function createConsoleStore(client: ConsoleClient, env: StoreEnv = browserStoreEnv()): ConsoleStore {
  return createStore<ConsoleState>()((set, get) => {
    const deps = { client, env, set, get };
    return {
      ...createConnectionSlice(deps),
      ...createOverviewSlice(deps),
      ...createPresenceSlice(deps),
      ...createSettingsSlice(deps),
      ...createUiSlice(deps),
      ...createTrafficSlice(deps),
      ...createLabSlice(deps),
      ...createFailoverSlice(deps),
    };
  });
}
