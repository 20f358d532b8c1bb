/** The console's one zustand store (slices: connection, overview, presence, settings, ui) and its React hook. */
export { ConsoleStoreProvider, useConsole } from './ConsoleStoreProvider.js';
export { createConsoleStore, type ConsoleStore } from './consoleStore.js';
export { HIGHLIGHT_MS, matchesSearch, presenceKey } from './presenceChanges.js';
export { DEFAULT_PAGE_SIZE, PAGE_SIZES } from './presenceSlice.js';
export { HISTORY_LIMIT } from './rateHistory.js';
export { browserStoreEnv, type StoreEnv } from './storeEnv.js';
export type {
  ConnectionSlice,
  ConsoleState,
  FailoverSlice,
  LabSlice,
  TrafficSlice,
  LoadState,
  OverviewSlice,
  PresenceHighlight,
  PresenceSlice,
  RateSample,
  SettingsSlice,
  Theme,
  UiSlice,
  ViewId,
} from './storeTypes.js';
export { THEME_PREF_KEY } from './uiSlice.js';
