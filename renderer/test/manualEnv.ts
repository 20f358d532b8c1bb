/** A StoreEnv with a clock the test moves by hand and an in-memory preference store. */
import type { StoreEnv } from '../src/store/index.js';

export interface ManualEnv extends StoreEnv {
  advance(ms: number): void;
  readonly saved: Map<string, string>;
  pendingTimers(): number;
}

export function manualEnv(options: { start?: number; prefersDark?: boolean; saved?: Record<string, string> } = {}): ManualEnv {
  let now = options.start ?? 1_700_000_000_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const saved = new Map(Object.entries(options.saved ?? {}));
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    prefs: { getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value) },
    prefersDark: () => options.prefersDark ?? false,
    saved,
    advance(ms) {
      now += ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) return;
        timers.delete(due[0]);
        due[1].callback();
      }
    },
    pendingTimers: () => timers.size,
  };
}
