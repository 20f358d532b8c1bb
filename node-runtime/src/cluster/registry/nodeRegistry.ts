/**
 * NodeRegistry: cluster membership and health. A node registers itself with a TTL health check
 * it must keep passing; a node that stops passing turns critical, and one critical for longer
 * than `deregisterCriticalAfterMs` is removed (Consul's DeregisterCriticalServiceAfter).
 */
import type { BackendHealth } from '../backendHealth.js';
import type { NodeLoad } from './nodeLoad.js';

export type { NodeLoad } from './nodeLoad.js';

export type NodeHealth = 'passing' | 'warning' | 'critical';

export interface NodeInfo {
  id: string;
  address: string;
  port: number;
  tags: string[];
  meta: Record<string, string>;
}

export interface NodeStatus extends NodeInfo {
  health: NodeHealth;
  /** The check's last output, e.g. `TTL expired`. */
  output: string;
  /** When health last changed (ms since epoch). */
  changedAt: number;
  /** The node's last published load; absent until it publishes (or after it re-registers). */
  load?: NodeLoad;
}

/** A copy a listener may keep or change without touching the registry's own state. */
export function cloneNodeStatus(status: NodeStatus): NodeStatus {
  const copy: NodeStatus = { ...status, tags: [...status.tags], meta: { ...status.meta } };
  if (status.load) copy.load = { ...status.load };
  return copy;
}

export interface RegistrationOptions {
  ttlMs: number;
  deregisterCriticalAfterMs: number;
}

export interface NodeRegistry {
  readonly kind: string;
  /** The backend's current state, without I/O (drivers track it from connection events). */
  health(): BackendHealth;
  register(node: NodeInfo, options: RegistrationOptions): Promise<void>;
  /** Passes the node's TTL check (call well within ttlMs). */
  pass(nodeId: string, output?: string): Promise<void>;
  /**
   * Publishes the node's load with its entry, for clients choosing where to connect (Consul:
   * service meta; NATS KV: the entry). It does not pass the TTL check. An unknown node is ignored.
   * @throws InvalidNodeLoadError for a load that is not finite and non-negative.
   */
  publishLoad(nodeId: string, load: NodeLoad): Promise<void>;
  deregister(nodeId: string): Promise<void>;
  list(): Promise<NodeStatus[]>;
  /**
   * Called with the full list whenever membership, health or registration data change (not for a
   * load-only change: list() has the latest load). Returns an unsubscribe function.
   */
  watch(listener: (nodes: NodeStatus[]) => void): () => void;
  close(): Promise<void>;
}
