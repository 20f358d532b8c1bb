import type { StoreApi } from 'zustand/vanilla';
import type { ConsoleClient } from '../transport/index.js';
import type { StoreEnv } from './storeEnv.js';
import type { ConsoleState } from './storeTypes.js';

/** What every slice creator receives: the client its actions call, the env, and zustand's set/get. */
export interface SliceDeps {
  client: ConsoleClient;
  env: StoreEnv;
  set: StoreApi<ConsoleState>['setState'];
  get: StoreApi<ConsoleState>['getState'];
}
