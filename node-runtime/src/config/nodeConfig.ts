/** What one chat node needs to run. Every value has a default, so an empty config runs a node. */
import type { LogLevel } from '../common/logger.js';

export interface NodeConfig {
  /** Names the node in logs, the registry and presence. */
  id: string;
  host: string;
  port: number;
  /** Inbound body cap in bytes (0 disables it). chat-zinx: 8192. */
  maxFrameBytes: number;
  /** Close a connection that sent no complete frame for this long (0 disables). chat-zinx: 180 s. */
  idleTimeoutMs: number;
  maxConnections: number;
  /** Unsent bytes a connection may hold before it is dropped as a slow consumer. */
  maxOutboundBytes: number;
  logLevel: LogLevel;
  /** NATS servers for the cluster bus; empty = the in-process bus. */
  natsServers: string[];
  /** Redis for presence and storage; null = in-process. */
  redisUrl: string | null;
  /** Consul agent HTTP address; null = no Consul. */
  consulUrl: string | null;
  registry: RegistryKind;
  /** A node that stops saying it is alive for this long is declared dead and its presence cleaned. */
  nodeTtlMs: number;
  /** Port of the admin HTTP server (metrics, health); null = none. */
  adminPort: number | null;
  adminHost: string;
  /** Shared secret signing remote-control commands (admin.control.<id>); null = remote control off. */
  adminSecret: string | null;
}

export type RegistryKind = 'memory' | 'nats' | 'consul';

/** True when the node talks to real cluster backends (other processes can join it). */
export function isClusterMode(config: NodeConfig): boolean {
  return config.natsServers.length > 0 || config.redisUrl !== null || config.consulUrl !== null || config.registry !== 'memory';
}

export const DEFAULT_NODE_CONFIG: NodeConfig = {
  id: 'node-1',
  host: '127.0.0.1',
  port: 9000,
  maxFrameBytes: 8192,
  idleTimeoutMs: 180_000,
  maxConnections: 1000,
  maxOutboundBytes: 8 * 1024 * 1024,
  logLevel: 'info',
  natsServers: [],
  redisUrl: null,
  consulUrl: null,
  registry: 'memory',
  nodeTtlMs: 6_000,
  adminPort: null,
  adminHost: '127.0.0.1',
  adminSecret: null,
};
