/**
 * The presence store as one node sees it, with a switch that cuts the node's writes: after an
 * in-process "crash" the node's connections still close, but like a process killed with -9 it
 * must not say its users went offline or that it is alive. Survivors' reaper cleans up, as in a
 * real crash. Reads and the change feed are untouched.
 */
import type { PresenceStore } from '../cluster/presence/presenceStore.js';

export interface GuardedPresence {
  readonly presence: PresenceStore;
  /** From now on this node's writes to presence are dropped. */
  cut(): void;
}

const SILENCED: Record<string, unknown> = { setOnline: undefined, setOffline: undefined, keepNodeAlive: undefined, replaceNode: undefined, removeNode: 0, reapDeadNodes: [] };

export function guardPresence(inner: PresenceStore): GuardedPresence {
  let cut = false;
  const presence = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (cut && typeof property === 'string' && property in SILENCED) return async () => SILENCED[property];
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return {
    presence,
    cut: () => {
      cut = true;
    },
  };
}
