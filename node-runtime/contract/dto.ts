/** Plain JSON shapes the console shows. No classes, no Dates (times are ms since the epoch). */

export type BackendState = 'ok' | 'degraded' | 'down';
export type NodeHealth = 'passing' | 'warning' | 'critical';
export type PortName = 'bus' | 'registry' | 'presence' | 'store';

export interface BackendView {
  port: PortName;
  /** e.g. `memory`, `nats-jetstream`, `redis`, `consul`, `nats-kv`. */
  kind: string;
  endpoint: string;
  state: BackendState;
  detail: string;
}

export interface NodeStatsView {
  connections: number;
  users: number;
  msgsInPerSec: number;
  msgsOutPerSec: number;
  uptimeMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** The NATS server this node is connected to, or `memory`. */
  natsServer: string;
  sampledAt: number;
}

export interface NodeView {
  id: string;
  address: string;
  port: number;
  health: NodeHealth;
  /** The registry check's last output, e.g. `TTL expired`. */
  checkOutput: string;
  healthChangedAt: number;
  tags: string[];
  meta: Record<string, string>;
  /** Live stats gathered over the bus; null when the node did not answer in time. */
  stats: NodeStatsView | null;
  /** Runs inside this console's process (embedded sandbox or the console's own node). */
  inProcess: boolean;
}

export interface ClusterOverview {
  mode: 'embedded' | 'cluster';
  readOnly: boolean;
  /** The node this console runs (or, in the sandbox, the first one). */
  consoleNodeId: string;
  nodes: NodeView[];
  backends: BackendView[];
  updatedAt: number;
}

export interface PresenceRow {
  userId: number;
  username: string | null;
  nodeId: string;
  since: number;
}

export interface PresencePageRequest {
  cursor: string | null;
  /** 1..500 */
  limit: number;
  /** Case-insensitive substring of the username or the exact user id; empty = all. */
  search: string;
}

export interface PresencePage {
  rows: PresenceRow[];
  nextCursor: string | null;
  countsByNode: Record<string, number>;
}

export interface PresenceChangeView {
  kind: 'online' | 'offline';
  userId: number;
  username: string | null;
  nodeId: string;
  at: number;
  reason: 'disconnect' | 'node-removed' | null;
}

export interface KvEntryView {
  key: string;
  /** UTF-8 text of the value (binary values shown base64 with a `base64:` prefix). */
  value: string;
  modifyIndex: number | null;
}

export interface ConsoleInfo {
  version: string;
  mode: 'embedded' | 'cluster';
  readOnly: boolean;
  /** What the sandbox can do: add/remove in-process nodes. */
  sandbox: boolean;
}

export type ConsoleRegistrySetting = 'consul' | 'nats' | 'memory' | '';

/** Cluster settings saved for the console's embedded node; an empty string means not set. */
export interface ConsoleSettingsInput {
  /** NATS servers, comma-separated, e.g. `nats://127.0.0.1:4222`. */
  nats: string;
  /** e.g. `redis://127.0.0.1:6379`. */
  redis: string;
  /** Consul agent, e.g. `http://127.0.0.1:8500`. */
  consul: string;
  registry: ConsoleRegistrySetting;
}

export interface ConsoleSettingsView {
  /** What the settings file holds now. */
  saved: ConsoleSettingsInput;
  /** Absolute path of the settings file. */
  file: string;
  /** Where the running console's cluster settings came from when it started. */
  activeSource: 'flags' | 'settings' | 'defaults';
  /** True when the saved settings differ from those the running console started with (none unless `activeSource` is `settings`): they take effect at the next start without cluster flags. */
  appliesAfterRestart: boolean;
}
