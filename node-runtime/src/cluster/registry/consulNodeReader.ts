/**
 * A read-only look at the Consul registry for clients choosing a node: one plain health read,
 * `GET /v1/health/service/<name>?passing`, whose service meta carries each node's load (no
 * blocking query: a client reads only when it connects or reconnects). Needs only `service:read`.
 */
import { ConsulClient } from './consulClient.js';
import { classifyConsulError, ConsulRegistryError } from './consulErrors.js';
import { HealthTracker, toNodeStatuses } from './consulHealthEntries.js';
import type { NodeStatus } from './nodeRegistry.js';

export interface ConsulNodeReaderOptions {
  /** The agent's HTTP address, e.g. `http://127.0.0.1:8500`. */
  url: string;
  /** Default `chat-server`. */
  serviceName?: string;
  /** ACL token (X-Consul-Token); Consul's own CONSUL_HTTP_TOKEN convention is the caller's to apply. */
  token?: string;
  /** Default 3000 ms. */
  timeoutMs?: number;
}

export class ConsulNodeReader {
  private readonly client: ConsulClient;
  private readonly serviceName: string;
  private readonly tracker = new HealthTracker(Date.now);

  constructor(private readonly options: ConsulNodeReaderOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (error) {
      throw new ConsulRegistryError('CONSUL_REQUEST_FAILED', `registry: ${JSON.stringify(options.url)} is not a URL (e.g. consul://127.0.0.1:8500)`, undefined, { cause: error });
    }
    this.serviceName = options.serviceName ?? 'chat-server';
    this.client = new ConsulClient({ url, timeoutMs: options.timeoutMs ?? 3000, ...(options.token ? { token: options.token } : {}) });
  }

  /** The passing instances of the service, with their published load. */
  async list(): Promise<NodeStatus[]> {
    try {
      const read = await this.client.healthService(this.serviceName, { index: 0, waitMs: 0, passing: true });
      return toNodeStatuses(read.body, this.serviceName, this.tracker);
    } catch (error) {
      const failure = classifyConsulError(error);
      const code = failure.kind === 'unreachable' ? 'CONSUL_UNREACHABLE' : 'CONSUL_REQUEST_FAILED';
      throw new ConsulRegistryError(code, `cannot read service ${this.serviceName} at ${this.options.url}: ${failure.text}`, failure.status, { cause: error });
    }
  }

  close(): void {
    this.client.destroy();
  }
}
