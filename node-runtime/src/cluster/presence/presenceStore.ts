/**
 * PresenceStore: which node(s) each online user is connected to. A user is online on a node
 * while at least one of its connections there is logged in; the node keeps that count itself
 * and tells the store only about the first login and the last disconnect.
 */
import type { BackendHealth } from '../backendHealth.js';

export interface PresenceEntry {
  userId: number;
  nodeId: string;
  /** When the user came online on this node (ms since epoch). */
  since: number;
}

export interface PresenceChange {
  kind: 'online' | 'offline';
  userId: number;
  nodeId: string;
  at: number;
  /** Why an offline happened: the user left, or its node was declared dead and cleaned up. */
  reason?: 'disconnect' | 'node-removed';
}

export interface PresencePage {
  entries: PresenceEntry[];
  /** Pass back to get the next page; null at the end. */
  nextCursor: string | null;
}

export interface PresenceStore {
  readonly kind: string;
  /** The backend's current state, without I/O (drivers track it from connection events). */
  health(): BackendHealth;
  setOnline(userId: number, nodeId: string): Promise<void>;
  setOffline(userId: number, nodeId: string): Promise<void>;
  nodesOf(userId: number): Promise<string[]>;
  usersOn(nodeId: string): Promise<number[]>;
  /** Removes every entry of a node (a survivor cleaning up after a dead node). Returns how many went. */
  removeNode(nodeId: string): Promise<number>;
  countsByNode(): Promise<Record<string, number>>;
  /** Says this node is alive for the next `ttlMs`; a node that stops saying so is reaped by survivors. */
  keepNodeAlive(nodeId: string, ttlMs: number): Promise<void>;
  /**
   * Removes every entry of nodes whose liveness lapsed (they crashed), with reason 'node-removed'.
   * Safe to call from every node at once. Returns the nodes it cleaned up.
   */
  reapDeadNodes(): Promise<string[]>;
  /**
   * Goes up by one each time the store reconnects to its backend. A node compares it between
   * ticks and rebuilds its entries after any reconnect, however short the outage was.
   */
  connectionEpoch(): number;
  /** Makes the store's entries for a node exactly `userIds` (rebuilding presence after the backend lost it). */
  replaceNode(nodeId: string, userIds: readonly number[]): Promise<void>;
  snapshot(cursor: string | null, limit: number): Promise<PresencePage>;
  /** The change feed. Returns an unsubscribe function. */
  subscribe(listener: (change: PresenceChange) => void): () => void;
  close(): Promise<void>;
}
