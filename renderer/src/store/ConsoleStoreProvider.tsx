/* @jsxRuntime automatic */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ConsoleStore } from './consoleStore.js';
import type { ConsoleState } from './storeTypes.js';

const ConsoleStoreContext = createContext<ConsoleStore | null>(null);

export function ConsoleStoreProvider({ store, children }: { store: ConsoleStore; children: ReactNode }) {
  return <ConsoleStoreContext.Provider value={store}>{children}</ConsoleStoreContext.Provider>;
}

function useConsoleStoreApi(): ConsoleStore {
  const store = useContext(ConsoleStoreContext);
  if (store === null) throw new Error('useConsole must be used inside <ConsoleStoreProvider>');
  return store;
}

/** Select one narrow piece of the console state (a field, an action, or a stable object from the store). */
export function useConsole<T>(selector: (state: ConsoleState) => T): T {
  return useStore(useConsoleStoreApi(), selector);
}
