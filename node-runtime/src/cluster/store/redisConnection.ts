/**
 * One ioredis connection as the Redis backends use it — to one server, or to a Redis Cluster
 * (`--redis` with several seeds or `redis+cluster://`, see redisClients.ts) — with bounded waits
 * everywhere, and a health value kept from the connection's events (health() does no I/O).
 *
 * During an outage commands wait in ioredis's offline queue while it reconnects with a capped
 * exponential backoff; after `maxRetriesPerRequest` reconnect attempts the queue is flushed with
 * an error (those commands never ran), and `commandTimeoutMs` bounds every single command (a
 * command that timed out MAY still have run: the caller cannot know, which is why the writes that
 * matter are idempotent or deduplicated).
 */
import type { Cluster, Redis } from 'ioredis';
import type { BackendHealth } from '../backendHealth.js';
import { ChatError } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { describeRedisTarget, parseRedisTarget } from '../../config/redisTarget.js';
import { createRedisClient } from './redisClients.js';
import { ClusterWatch } from './redisClusterWatch.js';

/** What the backends send commands through: one server's client, or a Redis Cluster's. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectionOptions {
  /** `--redis`: `redis://[user:password@]host:port[/db]`, or Redis Cluster seeds (config/redisTarget.ts). */
  url: string;
  /** Shown in CLIENT LIST and in logs, e.g. `chat-store`. */
  name: string;
  logger?: Logger;
  /** Bound on each command, offline-queue wait included. Default 10 000 ms. */
  commandTimeoutMs?: number;
  /** Reconnect attempts a queued command survives before it fails unsent. Default 8 (≈ 5.5 s with the default backoff). */
  maxRetriesPerRequest?: number;
  /** Reconnect backoff: 50 ms doubling up to this. Default 1000 ms. */
  retryMaxDelayMs?: number;
  /** Bound on one TCP connect + handshake. Default 3000 ms. */
  connectTimeoutMs?: number;
}

/** Redis could not be reached in time (at start, or a command that gave up). */
export class RedisUnavailableError extends ChatError {
  override readonly name = 'RedisUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('REDIS_UNAVAILABLE', message, options);
  }
}

export class RedisConnection {
  readonly client: RedisClient;
  /** The shard watcher when `client` is a Redis Cluster client, else null. */
  readonly cluster: ClusterWatch | null;
  readonly endpoint: string;
  private state: BackendHealth;
  private lastError = '';
  private closing = false;
  private readyCount = 0;
  private topologyChanges = 0;
  private readonly logger: Logger;

  constructor(readonly options: RedisConnectionOptions) {
    const target = parseRedisTarget(options.url);
    this.endpoint = describeRedisTarget(options.url);
    this.logger = (options.logger ?? silentLogger).child({ redis: options.name });
    this.state = { state: 'down', detail: 'connecting', endpoint: this.endpoint };
    this.client = createRedisClient(target, {
      name: options.name,
      commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
      maxRetriesPerRequest: options.maxRetriesPerRequest ?? 8,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 1000,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
    });
    this.cluster = target.mode === 'cluster' ? new ClusterWatch(this.client as Cluster, (detail) => this.topologyChanged(detail)) : null;
    this.client.on('ready', () => {
      this.readyCount += 1;
      if (this.state.state !== 'ok') this.logger.info('redis_ready', { endpoint: this.endpoint });
      this.lastError = '';
      this.state = { state: 'ok', detail: '', endpoint: this.endpoint };
    });
    this.client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    this.client.on('node error', (error: Error, key: string) => {
      this.lastError = `${key}: ${error.message}`;
    });
    this.client.on('close', () => this.markDown('connection closed'));
    this.client.on('reconnecting', (delay?: number) => this.markDown(typeof delay === 'number' ? `reconnecting in ${delay} ms` : 'reconnecting'));
    this.client.on('end', () => this.markDown(this.closing ? 'closed' : 'gave up reconnecting'));
  }

  health(): BackendHealth {
    const problem = this.cluster?.problem ?? '';
    if (this.state.state === 'ok' && problem !== '') return { state: 'degraded', detail: problem, endpoint: this.endpoint };
    return { ...this.state };
  }

  /**
   * How many times the connection became ready: 1 after connecting, +1 per reconnect, and on a
   * Redis Cluster +1 per master lost and +1 when its slots are served again. A poller that may
   * miss a short outage between two health() reads compares this instead (what Redis held may have
   * changed meanwhile: restarted without persistence, a failover that lost unreplicated writes, or
   * this node reaped while away).
   */
  get epoch(): number {
    return this.readyCount + this.topologyChanges;
  }

  /** Connects; rejects (and stops reconnecting) if Redis is not ready within `timeoutMs`. */
  async connect(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisUnavailableError(`Redis at ${this.endpoint} is not ready after ${timeoutMs} ms${this.lastError ? `: ${this.lastError}` : ''}; is redis-server running there?`)),
        timeoutMs,
      );
    });
    const ready = new Promise<void>((resolve) => {
      if (this.client.status === 'ready') resolve();
      else this.client.once('ready', () => resolve());
    });
    this.client.connect().catch(() => undefined); // failures show as 'error' events and retries
    try {
      await Promise.race([ready, timeout]);
    } catch (error) {
      this.client.disconnect();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A second connection with the same settings (pub/sub needs its own). */
  duplicate(name: string): RedisConnection {
    return new RedisConnection({ ...this.options, name });
  }

  /** QUIT, bounded: if Redis does not answer within `timeoutMs` the socket is dropped. */
  async close(timeoutMs = 1000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.client.status === 'end') return;
    if (this.client.status !== 'ready') {
      this.client.disconnect();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.client.quit().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    this.client.disconnect();
  }

  /** A Redis Cluster shard lost its master, or is served again: count it like a reconnect (see epoch). */
  private topologyChanged(detail: string): void {
    this.topologyChanges += 1;
    if (!this.closing) this.logger.warn('redis_cluster_topology_changed', { endpoint: this.endpoint, detail });
  }

  private markDown(why: string): void {
    const detail = this.closing ? 'closed' : `${why}${this.lastError ? ` (last error: ${this.lastError})` : ''}`;
    if (this.state.state === 'ok' && !this.closing) this.logger.warn('redis_down', { endpoint: this.endpoint, detail });
    this.state = { state: 'down', detail, endpoint: this.endpoint };
  }
}

/** Creates a connection and waits until it is ready. */
export async function openRedisConnection(options: RedisConnectionOptions, readyTimeoutMs = 10_000): Promise<RedisConnection> {
  const connection = new RedisConnection(options);
  await connection.connect(readyTimeoutMs);
  return connection;
}
