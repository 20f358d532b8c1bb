/** What the store needs from its surroundings: a clock, timers and a place for preferences. */
export interface StoreEnv {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** localStorage in the app; null when storage is unavailable. */
  prefs: Pick<Storage, 'getItem' | 'setItem'> | null;
  prefersDark(): boolean;
}

export function browserStoreEnv(): StoreEnv {
  let prefs: Storage | null = null;
  try {
    prefs = typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    prefs = null;
  }
  return {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    prefs,
    prefersDark: () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
  };
}
