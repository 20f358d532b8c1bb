import type { SliceDeps } from './sliceDeps.js';
import type { Theme, UiSlice } from './storeTypes.js';

export const THEME_PREF_KEY = 'chat-console.theme';

/** The remembered theme, else the system's preference. */
export function initialTheme(deps: Pick<SliceDeps, 'env'>): Theme {
  let saved: string | null = null;
  try {
    saved = deps.env.prefs?.getItem(THEME_PREF_KEY) ?? null;
  } catch {
    saved = null;
  }
  if (saved === 'light' || saved === 'dark') return saved;
  return deps.env.prefersDark() ? 'dark' : 'light';
}

export function createUiSlice(deps: SliceDeps): UiSlice {
  const { set, get, env } = deps;
  return {
    theme: initialTheme(deps),
    view: 'topology',
    selectedNodeId: null,
    toggleTheme() {
      const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
      set({ theme });
      try {
        env.prefs?.setItem(THEME_PREF_KEY, theme);
      } catch {
        // Not remembered, still applied.
      }
    },
    setView(view) {
      set({ view });
    },
    selectNode(selectedNodeId) {
      set({ selectedNodeId });
    },
  };
}
