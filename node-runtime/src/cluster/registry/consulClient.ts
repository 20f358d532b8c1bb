/**
 * The one file that talks to the `consul` package (silas/node-consul 2.x): typed wrappers for the
 * calls the registry makes, response shapes of our own (the package types them as `any`), and
 * blocking health reads that return the X-Consul-Index / KnownLeader headers. The package's typings
 * omit options it supports at runtime (`index`, `wait`, `timeout`, `ctx`, `buffer`, `baseUrl`),
 * so those calls go through `loose()`; the package's own Watch relies on the same `ctx` mechanism.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import Consul from 'consul';

export type ConsulCheckStatus = 'passing' | 'warning' | 'critical';

export interface HealthCheck {
  CheckID: string;
  Name: string;
  Status: ConsulCheckStatus | string;
  Output: string;
  ServiceID: string;
  Type: string;
}

export interface ServiceEntry {
  Node: { Node: string; Address: string };
  Service: { ID: string; Service: string; Tags: string[] | null; Address: string; Port: number; Meta: Record<string, string> | null };
  Checks: HealthCheck[];
}

/** Read metadata of a server-state read. */
export interface QueryResult<T> {
  body: T;
  /** X-Consul-Index (0 if absent). */
  index: number;
  knownLeader: boolean;
}

/** A service registration, in the client's (case-insensitive) option names. */
export interface ServiceRegistration {
  id: string;
  name: string;
  address: string;
  port: number;
  tags: string[];
  meta: Record<string, string>;
  checks: Record<string, string>[];
}

export interface KvItem {
  key: string;
  value: Buffer | null;
  flags: number;
  lockIndex: number;
  createIndex: number;
  modifyIndex: number;
  session?: string;
}

export interface ConsulClientOptions {
  url: URL;
  token?: string;
  /** Default timeout of non-blocking calls. */
  timeoutMs: number;
}

type LooseCall = (options: Record<string, unknown>) => Promise<unknown>;

function loose(method: unknown, self: unknown): LooseCall {
  return (options) => (method as LooseCall).call(self, options);
}

/** A per-request context: `includeResponse` makes the client resolve [response, body]; `cancel` aborts. */
function requestContext(signal?: AbortSignal): { ctx: EventEmitter; done: () => void } {
  const ctx = Object.assign(new EventEmitter(), { includeResponse: true });
  const abort = () => ctx.emit('cancel');
  signal?.addEventListener('abort', abort, { once: true });
  return { ctx, done: () => signal?.removeEventListener('abort', abort) };
}

export class ConsulClient {
  private readonly consul: Consul;

  constructor(options: ConsulClientOptions) {
    const path = options.url.pathname.replace(/\/+$/, '');
    const settings = {
      baseUrl: `${options.url.protocol}//${options.url.host}${path}/v1`,
      timeout: options.timeoutMs,
      ...(options.token ? { defaults: { token: options.token } } : {}),
    };
    this.consul = new Consul(settings as ConstructorParameters<typeof Consul>[0]);
  }

  async registerService(registration: ServiceRegistration): Promise<void> {
    await loose(this.consul.agent.service.register, this.consul.agent.service)({ ...registration });
  }

  async deregisterService(id: string): Promise<void> {
    await this.consul.agent.service.deregister({ id });
  }

  async passCheck(checkId: string, note: string): Promise<void> {
    await this.consul.agent.check.pass(note ? { id: checkId, note } : { id: checkId });
  }

  async leader(): Promise<string> {
    return this.consul.status.leader();
  }

  /** GET /health/service/:name (`passing`: only instances whose every check passes); blocking when `index` > 0. The HTTP timeout exceeds wait + wait/16. */
  async healthService(service: string, read: { index: number; waitMs: number; signal?: AbortSignal; passing?: boolean }): Promise<QueryResult<ServiceEntry[]>> {
    const { ctx, done } = requestContext(read.signal);
    const options: Record<string, unknown> = { service, ctx };
    if (read.passing) options['passing'] = true;
    if (read.index > 0) {
      options['index'] = String(read.index);
      options['wait'] = `${Math.round(read.waitMs)}ms`;
      options['timeout'] = Math.ceil(read.waitMs + read.waitMs / 16 + 5000);
    }
    try {
      const [response, body] = (await loose(this.consul.health.service, this.consul.health)(options)) as [IncomingMessage, unknown];
      return { body: Array.isArray(body) ? (body as ServiceEntry[]) : [], ...readMeta(response) };
    } finally {
      done();
    }
  }

  /** GET /kv/<prefix>?recurse with raw value bytes; [] when nothing is there (Consul answers 404). */
  async kvList(prefix: string): Promise<KvItem[]> {
    const items = await loose(this.consul.kv.get, this.consul.kv)({ key: prefix, recurse: true, buffer: true });
    if (!Array.isArray(items)) return [];
    return (items as Record<string, unknown>[]).map((item) => ({
      key: String(item['Key']),
      value: Buffer.isBuffer(item['Value']) ? item['Value'] : null,
      flags: Number(item['Flags'] ?? 0),
      lockIndex: Number(item['LockIndex'] ?? 0),
      createIndex: Number(item['CreateIndex'] ?? 0),
      modifyIndex: Number(item['ModifyIndex'] ?? 0),
      ...(typeof item['Session'] === 'string' ? { session: item['Session'] } : {}),
    }));
  }

  destroy(): void {
    this.consul.destroy();
  }
}

function readMeta(response: IncomingMessage): { index: number; knownLeader: boolean } {
  const index = Number(response.headers['x-consul-index'] ?? 0);
  return { index: Number.isFinite(index) ? index : 0, knownLeader: response.headers['x-consul-knownleader'] !== 'false' };
}
