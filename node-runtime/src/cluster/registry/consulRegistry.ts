/**
 * NodeRegistry on a Consul agent. A node registers as a service instance (ID = node id) with a TTL
 * check it passes and a TCP check Consul runs; Consul turns it critical when passes stop and
 * deregisters it after DeregisterCriticalServiceAfter (at least 1 min in real Consul). Membership
 * is followed with one blocking query on /health/service/<name> (consulWatchLoop.ts) — never a
 * polling loop — whose latest result feeds list() and the watchers.
 *
 * Consul going away must not touch chat: pass() never rejects (failures are counted), register()
 * while Consul is unreachable is remembered and done later, health() turns `degraded`, and when
 * Consul answers again every registration this instance owns is re-registered (the agent may have
 * lost it) and passed, and the watch resumes with a fresh read. A pass answered "unknown check"
 * (the entry was reaped or lost) re-registers too.
 */
import { silentLogger, type Logger } from '../../common/logger.js';
import type { BackendHealth } from '../backendHealth.js';
import { ConsulClient, type KvItem, type ServiceEntry, type ServiceRegistration } from './consulClient.js';
import { classifyConsulError, ConsulRegistryError, type ConsulFailure } from './consulErrors.js';
import { cloneStatuses, HealthTracker, toNodeStatuses } from './consulHealthEntries.js';
import { parseClusterSettings, toKvEntries, type ClusterSettings, type KvEntry } from './consulKv.js';
import { DEFAULT_TCP_CHECK, serviceRegistration, ttlCheckId, type TcpCheckSettings } from './consulServiceDefinition.js';
import { BlockingWatchLoop, DEFAULT_WATCH_SETTINGS, type BlockingResponse, type WatchLoopSettings } from './consulWatchLoop.js';
import { checkNodeLoad, loadToMeta, watchKey, type NodeLoad } from './nodeLoad.js';
import type { NodeInfo, NodeRegistry, NodeStatus, RegistrationOptions } from './nodeRegistry.js';

export type { ClusterSettings, KvEntry } from './consulKv.js';

export interface ConsulRegistryOptions {
  /** The agent's HTTP address, e.g. `http://127.0.0.1:8500` (`--consul`). */
  url: string;
  /** Default `chat-server`. */
  serviceName?: string;
  logger?: Logger;
  /** Where cluster settings live in KV. Default `chat-cluster/`. */
  kvPrefix?: string;
  /** ACL token (X-Consul-Token). */
  token?: string;
  /** The TCP check Consul runs against the node's port; false for none. Default every 10 s, 2 s timeout. */
  tcpCheck?: Partial<TcpCheckSettings> | false;
  /** Blocking-query loop settings (wait, pacing, backoff). */
  watch?: Partial<WatchLoopSettings>;
  /** Timeout of non-blocking requests. Default 5000 ms. */
  requestTimeoutMs?: number;
  now?: () => number;
}

export interface ConsulRegistryStats {
  passes: number;
  passFailures: number;
  reRegistrations: number;
  watchRequests: number;
  watchErrors: number;
  indexResets: number;
}

interface Owned {
  registration: ServiceRegistration;
  options: RegistrationOptions;
  lastPassAt: number | undefined;
  lastOutput: string;
}

export async function connectConsulRegistry(options: ConsulRegistryOptions): Promise<ConsulRegistry> {
  const registry = new ConsulRegistry(options);
  await registry.probe();
  registry.startWatching();
  return registry;
}

export class ConsulRegistry implements NodeRegistry {
  readonly kind = 'consul';
  readonly endpoint: string;
  readonly serviceName: string;
  readonly kvPrefix: string;
  private readonly client: ConsulClient;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly tcpCheck: TcpCheckSettings | false;
  private readonly loop: BlockingWatchLoop<ServiceEntry[]>;
  private readonly tracker: HealthTracker;
  private readonly owned = new Map<string, Owned>();
  /** Load publishes in flight: deregister waits for them, so a late one cannot register the node again. */
  private readonly publishing = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(nodes: NodeStatus[]) => void>();
  private readonly counters = { passes: 0, passFailures: 0, reRegistrations: 0 };
  private cache: NodeStatus[] | undefined;
  /** X-Consul-Index of the cached result: the cache only moves forward, except on a reset. */
  private cacheIndex = 0;
  private cacheKey = '';
  private reachable = true;
  private leaderKnown = true;
  private lastError = '';
  private recovering: Promise<void> | undefined;
  private closed = false;

  constructor(options: ConsulRegistryOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (error) {
      throw new ConsulRegistryError('CONSUL_REQUEST_FAILED', `--consul: ${JSON.stringify(options.url)} is not a URL (e.g. http://127.0.0.1:8500)`, undefined, { cause: error });
    }
    this.endpoint = url.toString().replace(/\/$/, '');
    this.serviceName = options.serviceName ?? 'chat-server';
    this.kvPrefix = options.kvPrefix ?? 'chat-cluster/';
    this.logger = (options.logger ?? silentLogger).child({ consul: this.endpoint });
    this.now = options.now ?? Date.now;
    this.tcpCheck = options.tcpCheck === false ? false : { ...DEFAULT_TCP_CHECK, ...options.tcpCheck };
    this.tracker = new HealthTracker(this.now);
    this.client = new ConsulClient({ url, token: options.token, timeoutMs: options.requestTimeoutMs ?? 5000 });
    this.loop = new BlockingWatchLoop<ServiceEntry[]>(
      {
        fetch: (index, waitMs, signal) => this.client.healthService(this.serviceName, { index, waitMs, signal }),
        onResult: (response, info) => this.onWatchResult(response, info),
        onError: (error, consecutive) => {
          this.cacheIndex = 0; // continuity lost: whatever Consul says next is accepted (it may have restarted)
          this.noteFailure(error);
          if (consecutive === 1) this.logger.debug('consul_watch_error', { error: classifyConsulError(error).text });
        },
      },
      { ...DEFAULT_WATCH_SETTINGS, ...options.watch },
    );
  }

  health(): BackendHealth {
    if (this.closed) return { state: 'down', detail: 'registry closed', endpoint: this.endpoint };
    if (!this.reachable) {
      const reason = this.lastError ? ` (${this.lastError})` : '';
      return { state: 'degraded', detail: `consul unreachable at ${this.endpoint} — chat continues, registry entry may be stale${reason}`, endpoint: this.endpoint };
    }
    if (!this.leaderKnown) {
      return { state: 'degraded', detail: `consul at ${this.endpoint} has no cluster leader — chat continues, registry entry may be stale`, endpoint: this.endpoint };
    }
    return { state: 'ok', detail: '', endpoint: this.endpoint };
  }

  stats(): ConsulRegistryStats {
    return { ...this.counters, watchRequests: this.loop.stats.requests, watchErrors: this.loop.stats.errors, indexResets: this.loop.stats.resets };
  }

  /** One cheap request to learn whether the agent answers and knows a leader (never throws). */
  async probe(): Promise<void> {
    try {
      const leader = await this.client.leader();
      this.noteSuccess(leader !== '');
    } catch (error) {
      this.noteFailure(error);
      this.logger.warn('consul_unreachable', { detail: this.health().detail });
    }
  }

  startWatching(): void {
    if (!this.closed) this.loop.start();
  }

  async register(node: NodeInfo, options: RegistrationOptions): Promise<void> {
    const { registration, problems } = serviceRegistration(this.serviceName, node, options, this.tcpCheck);
    for (const problem of problems) this.logger.warn('consul_registration_adjusted', { node: node.id, problem });
    await this.publishing.get(node.id); // a load publish in flight must not land after (and undo) this registration
    const previous = this.owned.get(node.id);
    this.owned.set(node.id, { registration, options, lastPassAt: undefined, lastOutput: previous?.lastOutput ?? '' });
    try {
      await this.client.registerService(registration);
      this.noteSuccess();
    } catch (error) {
      const failure = this.noteFailure(error);
      if (failure.kind === 'unreachable') {
        this.logger.warn('consul_register_deferred', { node: node.id, detail: this.health().detail });
        return;
      }
      this.owned.delete(node.id);
      throw new ConsulRegistryError('CONSUL_REQUEST_FAILED', `consul at ${this.endpoint} refused to register ${node.id}: ${failure.text}`, failure.status, { cause: error });
    }
  }

  /** Never rejects: a failed pass is counted, and an unknown check (entry lost) re-registers the node. */
  async pass(nodeId: string, output = ''): Promise<void> {
    const owned = this.owned.get(nodeId);
    if (owned) {
      owned.lastPassAt = this.now();
      owned.lastOutput = output;
    }
    this.counters.passes += 1;
    try {
      await this.client.passCheck(ttlCheckId(nodeId), output);
      this.noteSuccess();
    } catch (error) {
      this.counters.passFailures += 1;
      const failure = this.noteFailure(error);
      if (failure.kind === 'http' && failure.status === 404 && owned && !this.closed) {
        this.logger.warn('consul_registration_lost', { node: nodeId });
        await this.reRegister(nodeId, owned);
      } else if (failure.kind !== 'unreachable') {
        this.logger.warn('consul_pass_failed', { node: nodeId, status: failure.status, error: failure.text });
      }
    }
  }

  /**
   * The load goes into the service meta by registering the service again (the agent keeps its
   * checks' status, and syncs a meta change to the catalog at once, where an output-only change of
   * a check would wait for check_update_interval). Like pass(), never rejects once the load is valid.
   */
  async publishLoad(nodeId: string, load: NodeLoad): Promise<void> {
    const meta = loadToMeta(checkNodeLoad(load));
    const owned = this.owned.get(nodeId);
    if (!owned || this.closed) return;
    owned.registration = { ...owned.registration, meta: { ...owned.registration.meta, ...meta } };
    const previous = this.publishing.get(nodeId) ?? Promise.resolve();
    const publish = previous.then(async () => {
      if (this.owned.get(nodeId) !== owned) return; // deregistered or registered anew meanwhile
      try {
        await this.client.registerService(owned.registration);
        this.noteSuccess();
      } catch (error) {
        const failure = this.noteFailure(error);
        if (failure.kind !== 'unreachable') this.logger.warn('consul_load_publish_failed', { node: nodeId, status: failure.status, error: failure.text });
      }
    });
    this.publishing.set(nodeId, publish);
    await publish;
    if (this.publishing.get(nodeId) === publish) this.publishing.delete(nodeId);
  }

  async deregister(nodeId: string): Promise<void> {
    this.owned.delete(nodeId);
    await this.publishing.get(nodeId);
    try {
      await this.client.deregisterService(nodeId);
      this.noteSuccess();
    } catch (error) {
      const failure = classifyConsulError(error);
      if (failure.kind === 'http' && failure.status === 404) return; // not registered: nothing to do
      this.noteFailure(error);
      const code = failure.kind === 'unreachable' ? 'CONSUL_UNREACHABLE' : 'CONSUL_REQUEST_FAILED';
      throw new ConsulRegistryError(code, `could not deregister ${nodeId} at ${this.endpoint}: ${failure.text}`, failure.status, { cause: error });
    }
  }

  /**
   * The watch's latest result while it is in sync (or, while Consul is unreachable, the last known
   * list: the watch notices when it is back); otherwise a direct read.
   */
  async list(): Promise<NodeStatus[]> {
    if (this.cache && (this.loop.inSync || !this.reachable)) return cloneStatuses(this.cache);
    try {
      const read = await this.client.healthService(this.serviceName, { index: 0, waitMs: 0 });
      this.noteSuccess(read.knownLeader);
      return cloneStatuses(this.apply(read.body, read.index, false));
    } catch (error) {
      const failure = this.noteFailure(error);
      if (this.cache) return cloneStatuses(this.cache);
      throw new ConsulRegistryError('CONSUL_UNREACHABLE', `cannot list nodes: ${this.health().detail || failure.text}`, failure.status, { cause: error });
    }
  }

  watch(listener: (nodes: NodeStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Cluster settings: every key under the KV prefix, parsed as JSON. */
  async readClusterSettings(): Promise<ClusterSettings> {
    return parseClusterSettings(await this.kvItems(this.kvPrefix), this.kvPrefix);
  }

  /** Read-only KV browse for the console (default: the cluster prefix). */
  async kvList(prefix: string = this.kvPrefix): Promise<KvEntry[]> {
    return toKvEntries(await this.kvItems(prefix));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.loop.stop();
    await this.recovering;
    this.client.destroy();
  }

  private async kvItems(prefix: string): Promise<KvItem[]> {
    try {
      const items = await this.client.kvList(prefix);
      this.noteSuccess();
      return items;
    } catch (error) {
      const failure = this.noteFailure(error);
      const code = failure.kind === 'unreachable' ? 'CONSUL_UNREACHABLE' : 'CONSUL_REQUEST_FAILED';
      throw new ConsulRegistryError(code, `cannot read KV ${JSON.stringify(prefix)} at ${this.endpoint}: ${failure.text}`, failure.status, { cause: error });
    }
  }

  private onWatchResult(response: BlockingResponse<ServiceEntry[]>, info: { changed: boolean; reset: boolean }): void {
    this.noteSuccess(response.knownLeader);
    if (info.changed || !this.cache) this.apply(response.body, response.index, info.reset);
  }

  /**
   * Converts a result, caches it and tells the watchers when anything visible changed. A result
   * older than the cached one (a direct read of list() may overtake the watch) is not applied,
   * unless `force` (the watch saw the index go backwards: a restore).
   */
  private apply(entries: ServiceEntry[], index: number, force: boolean): NodeStatus[] {
    if (this.cache && !force && index < this.cacheIndex) return this.cache;
    const statuses = toNodeStatuses(entries, this.serviceName, this.tracker);
    this.cache = statuses;
    this.cacheIndex = index;
    const key = watchKey(statuses);
    if (key !== this.cacheKey) {
      this.cacheKey = key;
      for (const listener of [...this.listeners]) {
        try {
          listener(cloneStatuses(statuses));
        } catch (error) {
          this.logger.warn('registry_watcher_failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return statuses;
  }

  private noteSuccess(knownLeader?: boolean): void {
    if (knownLeader !== undefined && knownLeader !== this.leaderKnown) {
      this.leaderKnown = knownLeader;
      this.logger.warn(knownLeader ? 'consul_leader_back' : 'consul_no_leader', { detail: this.health().detail });
    }
    if (this.reachable) return;
    this.reachable = true;
    this.lastError = '';
    this.logger.info('consul_reachable', { endpoint: this.endpoint });
    this.recover();
  }

  private noteFailure(error: unknown): ConsulFailure {
    const failure = classifyConsulError(error);
    if (failure.kind === 'unreachable') {
      this.lastError = failure.text;
      if (this.reachable && !this.closed) {
        this.reachable = false;
        this.logger.warn('consul_unreachable', { detail: this.health().detail });
      }
    } else if (failure.kind === 'http' && failure.status === 500 && /no cluster leader/i.test(failure.text)) {
      this.noteSuccess(false);
    }
    return failure;
  }

  /** Consul answers again: re-register what this instance owns and let the watch resync at once. */
  private recover(): void {
    if (this.recovering || this.closed) return;
    this.loop.nudge();
    this.recovering = (async () => {
      for (const [nodeId, owned] of [...this.owned]) {
        if (this.closed || !this.reachable) break;
        await this.reRegister(nodeId, owned);
      }
    })().finally(() => {
      this.recovering = undefined;
    });
  }

  private async reRegister(nodeId: string, owned: Owned): Promise<void> {
    if (this.owned.get(nodeId) !== owned) return; // deregistered or replaced meanwhile
    try {
      await this.client.registerService(owned.registration);
      this.counters.reRegistrations += 1;
      this.logger.info('consul_reregistered', { node: nodeId });
      // Restore its health at once if the node was passing recently (a stopped node stays critical).
      if (owned.lastPassAt !== undefined && this.now() - owned.lastPassAt < owned.options.ttlMs) {
        await this.client.passCheck(ttlCheckId(nodeId), owned.lastOutput);
      }
    } catch (error) {
      const failure = this.noteFailure(error);
      this.logger.warn('consul_reregister_failed', { node: nodeId, error: failure.text });
    }
  }
}
