/**
 * One NATS connection as the NATS backends (bus, KV registry) need it: unlimited reconnects with
 * a short jittered wait, the connection state tracked from status events (so health() needs no
 * I/O), and a bounded wait for "connected again" that publishers use instead of writing into a
 * dead socket (nats.js drops what was buffered while disconnected when it redials).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ChatError } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { BackendHealth, BackendState } from '../backendHealth.js';

export interface NatsConnectionOptions {
  /** `nats://host:port` or `host:port`; the client also learns the other cluster members from the server. */
  servers: string[];
  /** Client name, shown by the server's monitoring (`/connz`). */
  name: string;
  logger?: Logger;
  /** Bound on the first connect (every listed server tried). Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Wait between reconnect attempts to one server. Default 250 ms, plus up to `reconnectJitterMs`. */
  reconnectWaitMs?: number;
  /** Default 250 ms. */
  reconnectJitterMs?: number;
}

export type NatsLinkState = 'connected' | 'reconnecting' | 'closed';

/** A NATS backend cannot do its work right now (not connected, or JetStream did not answer in time). */
export class NatsUnavailableError extends ChatError {
  override readonly name = 'NatsUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('NATS_UNAVAILABLE', message, options);
  }
}

export class NatsLink {
  private stateValue: NatsLinkState = 'connected';
  private since = Date.now();
  private currentServer: string;
  private waiters = new Set<() => void>();
  private readonly listeners = new Set<(state: NatsLinkState) => void>();
  private readonly statusLoop: Promise<void>;

  constructor(
    readonly nc: NatsConnection,
    private readonly logger: Logger,
    /** What health() reports while disconnected: `down` for the bus, `degraded` for the registry. */
    private readonly whileDisconnected: BackendState = 'down',
  ) {
    this.currentServer = serverUrl(nc.getServer());
    this.statusLoop = this.followStatus().catch((error: unknown) => {
      this.logger.warn('nats_status_loop_failed', { error: error instanceof Error ? error.message : String(error) });
    });
  }

  get state(): NatsLinkState {
    return this.stateValue;
  }

  /** The server this client talks to (or last talked to), as `nats://host:port`. */
  get server(): string {
    return this.currentServer;
  }

  /** Milliseconds since the state last changed. */
  get stateAgeMs(): number {
    return Date.now() - this.since;
  }

  onStateChange(listener: (state: NatsLinkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(what: string): BackendHealth {
    switch (this.stateValue) {
      case 'connected':
        return { state: 'ok', detail: '', endpoint: this.currentServer };
      case 'reconnecting':
        return {
          state: this.whileDisconnected,
          detail: `disconnected from ${this.currentServer}, reconnecting (for ${this.stateAgeMs} ms); ${what}`,
          endpoint: this.currentServer,
        };
      case 'closed':
        return { state: 'down', detail: 'connection closed', endpoint: this.currentServer };
    }
  }

  /** Resolves once connected; rejects at `deadline` (ms since epoch) or when the connection closes. */
  async waitConnected(deadline: number): Promise<void> {
    if (this.stateValue === 'connected') return;
    if (this.stateValue === 'closed') throw new NatsUnavailableError(`NATS connection to ${this.currentServer} is closed`);
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        if (this.stateValue === 'connected') resolve();
        else reject(new NatsUnavailableError(`NATS connection to ${this.currentServer} is closed`));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new NatsUnavailableError(`still disconnected from ${this.currentServer} after ${this.stateAgeMs} ms (reconnecting)`));
      }, Math.max(0, deadline - Date.now()));
      timer.unref();
      this.waiters.add(done);
    });
  }

  /**
   * Settles like `work`, or rejects with NatsUnavailableError as soon as the connection drops
   * (nats.js would only time the request out, since what it had buffered is discarded on redial).
   */
  raceDisconnect<T>(work: Promise<T>, what: string): Promise<T> {
    work.catch(() => undefined); // may settle after we gave up on it
    if (this.stateValue !== 'connected') return Promise.reject(new NatsUnavailableError(`not connected to NATS (${what})`));
    return new Promise<T>((resolve, reject) => {
      const stop = this.onStateChange((state) => {
        if (state === 'connected') return;
        stop();
        reject(new NatsUnavailableError(`connection to ${this.currentServer} lost during ${what}`));
      });
      work.then(
        (value) => {
          stop();
          resolve(value);
        },
        (error: unknown) => {
          stop();
          reject(error);
        },
      );
    });
  }

  /** Drains (bounded), then closes. Idempotent. */
  async close(drainTimeoutMs = 2000): Promise<void> {
    if (!this.nc.isClosed()) {
      if (this.stateValue === 'connected' && !this.nc.isDraining()) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, drainTimeoutMs);
        });
        await Promise.race([this.nc.drain().catch(() => undefined), timeout]);
        clearTimeout(timer);
      }
      await this.nc.close().catch(() => undefined);
    }
    this.setState('closed');
    // The status iterator ends with the connection; never let close() wait on it for long.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.statusLoop, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
  }

  private async followStatus(): Promise<void> {
    const closed = this.nc.closed().then(() => this.setState('closed'));
    for await (const status of this.nc.status()) {
      switch (status.type) {
        case 'disconnect':
          this.currentServer = serverUrl(status.server);
          this.logger.warn('nats_disconnected', { server: this.currentServer });
          this.setState('reconnecting');
          break;
        case 'reconnecting':
          if (this.stateValue !== 'closed') this.setState('reconnecting');
          break;
        case 'reconnect': {
          const downFor = this.stateAgeMs;
          this.currentServer = serverUrl(status.server);
          this.setState('connected');
          this.logger.info('nats_reconnected', { server: this.currentServer, down_ms: downFor });
          break;
        }
        case 'staleConnection':
          this.logger.warn('nats_stale_connection', { server: this.currentServer });
          break;
        case 'ldm':
          this.logger.warn('nats_server_lame_duck', { server: serverUrl(status.server) });
          break;
        case 'error':
          this.logger.warn('nats_error', { server: this.currentServer, error: status.error.message });
          break;
        case 'slowConsumer':
          this.logger.warn('nats_slow_consumer', { subject: status.sub.getSubject(), pending: status.pending });
          break;
        case 'close':
          this.setState('closed');
          break;
        default:
          break;
      }
    }
    await closed;
  }

  private setState(state: NatsLinkState): void {
    if (this.stateValue === state || this.stateValue === 'closed') return;
    this.stateValue = state;
    this.since = Date.now();
    for (const listener of this.listeners) listener(state);
    if (state !== 'reconnecting') {
      for (const waiter of [...this.waiters]) waiter();
    }
  }
}

/** Connects with the reconnect policy of the NATS backends; the error names the servers tried. */
export async function openNatsLink(options: NatsConnectionOptions, whileDisconnected: BackendState = 'down'): Promise<NatsLink> {
  const logger = options.logger ?? silentLogger;
  if (options.servers.length === 0) throw new NatsUnavailableError('no NATS servers given (set the NATS server list, e.g. nats://127.0.0.1:4222)');
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.servers,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectWaitMs ?? 250,
      reconnectJitter: options.reconnectJitterMs ?? 250,
      timeout: options.connectTimeoutMs ?? 5000,
      // A silently dead peer (no RST) is noticed within about 3 × 5 s.
      pingInterval: 5000,
      maxPingOut: 3,
      // No Error (with its stack) captured up front for every request and PubAck wait: that was
      // ~7% of a node's CPU under P2P load (bench/README.md). Timeouts still reject with TimeoutError.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new NatsUnavailableError(
      `cannot connect to NATS at ${options.servers.join(', ')}: ${error instanceof Error ? error.message : String(error)} (is nats-server running with -js?)`,
      { cause: error },
    );
  }
  const link = new NatsLink(nc, logger, whileDisconnected);
  logger.info('nats_connected', { server: link.server, name: options.name });
  return link;
}

function serverUrl(hostport: string): string {
  return hostport.includes('://') ? hostport : `nats://${hostport}`;
}
