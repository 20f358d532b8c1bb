/**
 * How a port's backend is doing, as the node and the console report it. `degraded` means the
 * node keeps working without it for now (e.g. Consul unreachable: chat goes on, the registry
 * entry is stale); `down` means the port's operations fail until it is back.
 */
export type BackendState = 'ok' | 'degraded' | 'down';

export interface BackendHealth {
  state: BackendState;
  /** What is wrong and, where possible, what fixes it; empty when ok. */
  detail: string;
  /** e.g. `nats://127.0.0.1:4222`, `redis://…`, `memory`. */
  endpoint: string;
}

export const MEMORY_HEALTH: BackendHealth = { state: 'ok', detail: '', endpoint: 'memory' };
