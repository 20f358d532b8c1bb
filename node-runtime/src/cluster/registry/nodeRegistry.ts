/**
 * NodeRegistry: cluster membership and health. A node registers itself with a TTL health check
 * it must keep passing; a node that stops passing turns critical, and one critical for longer
 * than `deregisterCriticalAfterMs` is removed (Consul's DeregisterCriticalServiceAfter).
 */
import type { BackendHealth } from '../backendHealth.js';

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
  deregister(nodeId: string): Promise<void>;
  list(): Promise<NodeStatus[]>;
  /** Called with the full list whenever membership or health changes. Returns an unsubscribe function. */
  watch(listener: (nodes: NodeStatus[]) => void): () => void;
  close(): Promise<void>;
}
