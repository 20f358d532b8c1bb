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
};
