/**
 * What one `chat_nodes` KV entry holds and how any reader turns it into a NodeStatus: shared by
 * the registry (natsKvRegistry.ts) and the read-only node reader clients use (natsKvNodeReader.ts).
 * Health is computed from the entry's times (nats-server 2.9 has no per-key TTL); see the registry
 * for the rules.
 */
import type { KvEntry } from '@nats-io/kv';
import { ChatError } from '../../common/errors.js';
import { checkNodeLoad, type NodeLoad } from './nodeLoad.js';
import type { NodeInfo, NodeStatus } from './nodeRegistry.js';

/** One KV entry (JSON). */
export interface StoredNode {
  v: 1;
  node: NodeInfo;
  ttlMs: number;
  deregisterCriticalAfterMs: number;
  registeredAt: number;
  lastPassAt: number | null;
  /** When the node last turned passing (the changedAt while it stays passing). */
  passingSince: number | null;
  output: string;
  /** The last load the node published since it registered. */
  load?: NodeLoad;
}

export interface Evaluated {
  status: NodeStatus;
  /** When this entry's visible state changes next without any write. */
  nextChangeAt: number;
}

export class InvalidNodeIdError extends ChatError {
  override readonly name = 'InvalidNodeIdError';
  constructor(readonly nodeId: string) {
    super('INVALID_NODE_ID', `node id must be 1–128 letters, digits, '_', '-' or inner '.', got ${JSON.stringify(nodeId.slice(0, 64))}`);
  }
}

const NODE_ID = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The entry's state at `now`, or undefined once it should be gone. */
export function evaluate(stored: StoredNode, now: number): Evaluated | undefined {
  const info: NodeInfo & { load?: NodeLoad } = cloneInfo(stored.node);
  const load = readLoad(stored.load);
  if (load) info.load = load;
  if (stored.lastPassAt === null) {
    const expiresAt = stored.registeredAt + stored.ttlMs;
    const removeAt = expiresAt + stored.deregisterCriticalAfterMs;
    if (now >= removeAt) return undefined;
    const expired = now > expiresAt;
    return {
      status: { ...info, health: 'critical', output: expired ? 'TTL expired' : stored.output, changedAt: stored.registeredAt },
      nextChangeAt: expired ? removeAt : expiresAt,
    };
  }
  const expiresAt = stored.lastPassAt + stored.ttlMs;
  if (now <= expiresAt) {
    return {
      status: { ...info, health: 'passing', output: stored.output, changedAt: stored.passingSince ?? stored.lastPassAt },
      nextChangeAt: expiresAt,
    };
  }
  const removeAt = expiresAt + stored.deregisterCriticalAfterMs;
  if (now >= removeAt) return undefined;
  return { status: { ...info, health: 'critical', output: 'TTL expired', changedAt: expiresAt }, nextChangeAt: removeAt };
}

export function parseEntry(entry: KvEntry): StoredNode | undefined {
  if (entry.operation !== 'PUT') return undefined;
  try {
    const value = entry.json<StoredNode>();
    if (value.v !== 1 || typeof value.node?.id !== 'string' || typeof value.ttlMs !== 'number') return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** A load written by another (perhaps newer or broken) writer counts only when it is well formed. */
function readLoad(load: unknown): NodeLoad | undefined {
  if (load === undefined) return undefined;
  try {
    return checkNodeLoad(load as NodeLoad);
  } catch {
    return undefined;
  }
}

export function nodeKey(nodeId: string): string {
  if (typeof nodeId !== 'string' || nodeId.length > 128 || !NODE_ID.test(nodeId)) throw new InvalidNodeIdError(String(nodeId));
  return nodeId;
}

export function cloneInfo(node: NodeInfo): NodeInfo {
  return { id: node.id, address: node.address, port: node.port, tags: [...node.tags], meta: { ...node.meta } };
}

