/**
 * The double's data: one agent node, its services and checks, and the KV store, versioned like
 * Consul's state store. Every write takes the next value of one global Raft-like index; tables
 * (nodes, services, checks, kvs, tombstones) and each service name remember the index of the last
 * write that touched them, so a blocking read of one service is not woken by writes to others.
 * `snapshot()` / `restore()` rewind everything, indexes included (a snapshot restore), and abandon
 * the blocking queries in flight.
 */

export type CheckStatus = 'passing' | 'warning' | 'critical';
export type CheckType = 'ttl' | 'tcp' | 'http' | 'maintenance' | '';

export interface NodeRecord {
  id: string;
  name: string;
  address: string;
  datacenter: string;
  createIndex: number;
  modifyIndex: number;
}

export interface ServiceRecord {
  id: string;
  name: string;
  tags: string[] | null;
  address: string;
  port: number;
  meta: Record<string, string> | null;
  taggedAddresses: Record<string, { Address: string; Port: number }>;
  weights: { Passing: number; Warning: number };
  enableTagOverride: boolean;
  /** The built-in `consul` service: in the catalog, not an agent service. */
  builtIn: boolean;
  createIndex: number;
  modifyIndex: number;
}

export interface CheckDefinition {
  ttlMs?: number;
  intervalMs?: number;
  timeoutMs?: number;
  tcp?: string;
  http?: string;
  method?: string;
  header?: Record<string, string[]>;
  body?: string;
  /** Already clamped to the deregister minimum. */
  deregisterAfterMs?: number;
  /** As registered (before clamping), for the Definition field. */
  deregisterAfterRaw?: string;
}

export interface CheckRecord {
  id: string;
  name: string;
  notes: string;
  serviceId: string;
  serviceName: string;
  type: CheckType;
  definition: CheckDefinition;
  /** The agent's view (what /agent/checks shows and what TTL expiry reports as last output). */
  status: CheckStatus;
  output: string;
  /** The catalog's view (what /health and /catalog show); output-only changes reach it late. */
  synced: { status: CheckStatus; output: string };
  /** When the agent's status last became critical (for DeregisterCriticalServiceAfter). */
  criticalSince: number | undefined;
  createIndex: number;
  modifyIndex: number;
}

export interface KvRecord {
  key: string;
  value: Buffer;
  flags: number;
  session?: string;
  lockIndex: number;
  createIndex: number;
  modifyIndex: number;
}

export interface SessionRecord {
  id: string;
  name: string;
  node: string;
  lockDelayMs: number;
  behavior: 'release' | 'delete';
  /** As given (`15s`), '' for none. */
  ttl: string;
  /** 0 = no TTL. */
  ttlMs: number;
  nodeChecks: string[];
  serviceChecks: { ID: string }[] | null;
  createIndex: number;
  modifyIndex: number;
}

export type Table = 'nodes' | 'services' | 'checks' | 'kvs' | 'tombstones' | 'sessions';

/** What a write touched: tables, and the service names whose per-service index moves. */
export interface Touched {
  tables: Table[];
  services?: string[];
  /** Service names whose last instance this write removed. */
  extinct?: string[];
}

interface Data {
  index: number;
  node: NodeRecord;
  services: Map<string, ServiceRecord>;
  checks: Map<string, CheckRecord>;
  kv: Map<string, KvRecord>;
  tombstones: Map<string, number>;
  sessions: Map<string, SessionRecord>;
  /** KV key → clock ms until which `?acquire` is refused (lock-delay after an invalidation). */
  lockDelays: Map<string, number>;
  tableIndex: Record<Table, number>;
  serviceIndex: Map<string, number>;
  lastExtinction: number;
}

/** An opaque copy of the state at one index. */
export interface ConsulSnapshot {
  readonly index: number;
  readonly data: unknown;
}

export type ChangeListener = (event: { index: number; abandoned: boolean }) => void;

export class ConsulState {
  private data: Data;
  private readonly listeners = new Set<ChangeListener>();

  constructor(node: Omit<NodeRecord, 'createIndex' | 'modifyIndex'>) {
    // A fresh single-server cluster has done a few writes (leader election, its own node and the consul service).
    const index = 5;
    this.data = {
      index,
      node: { ...node, createIndex: index, modifyIndex: index },
      services: new Map(),
      checks: new Map(),
      kv: new Map(),
      tombstones: new Map(),
      sessions: new Map(),
      lockDelays: new Map(),
      tableIndex: { nodes: index, services: index, checks: index, kvs: 0, tombstones: 0, sessions: 0 },
      serviceIndex: new Map([['consul', index]]),
      lastExtinction: 0,
    };
    this.data.services.set('consul', {
      id: 'consul', name: 'consul', tags: [], address: '', port: 8300, meta: {}, taggedAddresses: {},
      weights: { Passing: 1, Warning: 1 }, enableTagOverride: false, builtIn: true, createIndex: index, modifyIndex: index,
    });
    this.data.checks.set('serfHealth', {
      id: 'serfHealth', name: 'Serf Health Status', notes: '', serviceId: '', serviceName: '', type: '', definition: {},
      status: 'passing', output: 'Agent alive and reachable', synced: { status: 'passing', output: 'Agent alive and reachable' },
      criticalSince: undefined, createIndex: index, modifyIndex: index,
    });
  }

  get index(): number {
    return this.data.index;
  }
  get node(): NodeRecord {
    return this.data.node;
  }
  get services(): ReadonlyMap<string, ServiceRecord> {
    return this.data.services;
  }
  get checks(): ReadonlyMap<string, CheckRecord> {
    return this.data.checks;
  }
  get kv(): ReadonlyMap<string, KvRecord> {
    return this.data.kv;
  }
  get tombstones(): ReadonlyMap<string, number> {
    return this.data.tombstones;
  }
  get sessions(): ReadonlyMap<string, SessionRecord> {
    return this.data.sessions;
  }
  get lockDelays(): ReadonlyMap<string, number> {
    return this.data.lockDelays;
  }

  /** Mutable access for writers; only call inside `write`. */
  get mutable(): Pick<Data, 'services' | 'checks' | 'kv' | 'tombstones' | 'node' | 'sessions' | 'lockDelays'> {
    return this.data;
  }

  /**
   * Runs one write at the next index. `fn` mutates the maps (stamping records with `index`) and
   * returns what it touched, or null for a no-op (no index is consumed then).
   */
  write(fn: (index: number) => Touched | null): number | null {
    const index = this.data.index + 1;
    const touched = fn(index);
    if (!touched) return null;
    this.data.index = index;
    for (const table of touched.tables) this.data.tableIndex[table] = index;
    for (const name of touched.services ?? []) this.data.serviceIndex.set(name, index);
    for (const name of touched.extinct ?? []) {
      this.data.serviceIndex.delete(name);
      this.data.lastExtinction = index;
    }
    this.emit({ index, abandoned: false });
    return index;
  }

  tableIndex(...tables: Table[]): number {
    return Math.max(0, ...tables.map((table) => this.data.tableIndex[table]));
  }

  /** Consul's maxIndexForService: the service's own index, else the last extinction, else table maxima. */
  serviceIndex(name: string, withChecks = true): number {
    const own = this.data.serviceIndex.get(name);
    if (own !== undefined) return own;
    const exists = [...this.data.services.values()].some((service) => service.name === name);
    if (!exists && this.data.lastExtinction > 0) return this.data.lastExtinction;
    return withChecks ? this.tableIndex('nodes', 'services', 'checks') : this.tableIndex('nodes', 'services');
  }

  /** Drops KV tombstones (Consul reaps them after a while), which can move a prefix's index backwards. */
  reapTombstones(): void {
    this.data.tombstones.clear();
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ConsulSnapshot {
    return { index: this.data.index, data: cloneData(this.data) };
  }

  /** Replaces the state with a snapshot (indexes go back with it) and abandons blocked queries. */
  restore(snapshot: ConsulSnapshot): void {
    this.data = cloneData(snapshot.data as Data);
    this.emit({ index: this.data.index, abandoned: true });
  }

  private emit(event: { index: number; abandoned: boolean }): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function cloneData(data: Data): Data {
  return {
    index: data.index,
    node: { ...data.node },
    services: new Map([...data.services].map(([id, s]) => [id, structuredClone(s)])),
    checks: new Map([...data.checks].map(([id, c]) => [id, structuredClone(c)])),
    kv: new Map([...data.kv].map(([key, e]) => [key, { ...e, value: Buffer.from(e.value) }])),
    tombstones: new Map(data.tombstones),
    sessions: new Map([...data.sessions].map(([id, session]) => [id, structuredClone(session)])),
    lockDelays: new Map(data.lockDelays),
    tableIndex: { ...data.tableIndex },
    serviceIndex: new Map(data.serviceIndex),
    lastExtinction: data.lastExtinction,
  };
}
