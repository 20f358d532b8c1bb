/**
 * A node's load as it publishes it to the registry, for clients picking the least-loaded node
 * (client/nodeSelection.ts). Registries that only hold strings (Consul service meta) carry it as
 * the `load_*` meta keys below, which a plain `curl …/v1/health/service/chat-server?passing`
 * shows too.
 */
import { ChatError } from '../../common/errors.js';

export interface NodeLoad {
  /** Open client connections. */
  connections: number;
  /** Connections the node accepts at once (--max-conns). */
  maxConnections: number;
  /** Connections accepted per second, over the last second: tells readers how stale a snapshot gets. */
  connectsPerSec: number;
  /** Chat messages per second in and out, over the last second. */
  msgsPerSec: number;
  /** When the node measured it (ms since epoch). */
  at: number;
}

export class InvalidNodeLoadError extends ChatError {
  override readonly name = 'InvalidNodeLoadError';
  constructor(detail: string) {
    super('INVALID_NODE_LOAD', `node load: ${detail}`);
  }
}

const FIELDS = ['connections', 'maxConnections', 'connectsPerSec', 'msgsPerSec', 'at'] as const;

/** A copy of `load`, or InvalidNodeLoadError naming the first field that is not a finite number ≥ 0. */
export function checkNodeLoad(load: NodeLoad): NodeLoad {
  if (typeof load !== 'object' || load === null) throw new InvalidNodeLoadError(`expected an object, got ${load === null ? 'null' : typeof load}`);
  for (const field of FIELDS) {
    const value: unknown = load[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidNodeLoadError(`${field} must be a finite number ≥ 0, got ${JSON.stringify(value) ?? String(value)}`);
    }
  }
  return { connections: load.connections, maxConnections: load.maxConnections, connectsPerSec: load.connectsPerSec, msgsPerSec: load.msgsPerSec, at: load.at };
}

/**
 * What watchers compare to decide whether anything changed: everything but the load. Loads move
 * with every burst of traffic; watchers (the console) are for membership and health, and list()
 * always has the latest load.
 */
export function watchKey(statuses: ReadonlyArray<{ load?: NodeLoad }>): string {
  return JSON.stringify(
    statuses.map((status) => {
      const { load, ...rest } = status;
      void load;
      return rest;
    }),
  );
}

/** The service-meta keys that carry a load (Consul allows [A-Za-z0-9_-] keys and string values). */
export const LOAD_META_KEYS = {
  connections: 'load_connections',
  maxConnections: 'load_max_connections',
  connectsPerSec: 'load_connects_per_sec',
  msgsPerSec: 'load_msgs_per_sec',
  at: 'load_at',
} as const satisfies Record<keyof NodeLoad, string>;

const META_KEYS = new Set<string>(Object.values(LOAD_META_KEYS));

export function loadToMeta(load: NodeLoad): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const field of FIELDS) meta[LOAD_META_KEYS[field]] = String(Math.round(load[field] * 100) / 100);
  return meta;
}

/**
 * Splits meta into the node's own meta and its load; a load with a missing or unreadable field
 * counts as not published (readers treat the node as averagely loaded, never as empty).
 */
export function loadFromMeta(meta: Record<string, string>): { meta: Record<string, string>; load: NodeLoad | undefined } {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta)) if (!META_KEYS.has(key)) own[key] = value;
  const values: Partial<Record<keyof NodeLoad, number>> = {};
  for (const field of FIELDS) {
    const raw = meta[LOAD_META_KEYS[field]];
    const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || value < 0) return { meta: own, load: undefined };
    values[field] = value;
  }
  return { meta: own, load: values as NodeLoad };
}
