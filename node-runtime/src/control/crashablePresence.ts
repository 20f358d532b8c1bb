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

export function guardPresence(inner: PresenceStore): GuardedPresence {
  let cut = false;
  // A plain delegate, not a Proxy: nodesOf runs for every P2P message and must cost one call.
  const presence: PresenceStore = {
    kind: inner.kind,
    health: () => inner.health(),
    setOnline: async (userId, nodeId) => (cut ? undefined : inner.setOnline(userId, nodeId)),
    setOffline: async (userId, nodeId) => (cut ? undefined : inner.setOffline(userId, nodeId)),
    nodesOf: (userId) => inner.nodesOf(userId),
    usersOn: (nodeId) => inner.usersOn(nodeId),
    removeNode: async (nodeId) => (cut ? 0 : inner.removeNode(nodeId)),
    countsByNode: () => inner.countsByNode(),
    keepNodeAlive: async (nodeId, ttlMs) => (cut ? undefined : inner.keepNodeAlive(nodeId, ttlMs)),
    reapDeadNodes: async () => (cut ? [] : inner.reapDeadNodes()),
    connectionEpoch: () => inner.connectionEpoch(),
    replaceNode: async (nodeId, userIds) => (cut ? undefined : inner.replaceNode(nodeId, userIds)),
    snapshot: (cursor, limit) => inner.snapshot(cursor, limit),
    subscribe: (listener) => inner.subscribe(listener),
    close: () => inner.close(),
  };
  return {
    presence,
    cut: () => {
      cut = true;
    },
  };
}
