/**
 * NodeRegistry on a NATS KV bucket (default `chat_nodes`), for clusters without Consul. One entry
 * per node: its NodeInfo, TTL options, registration time, last pass time and check output.
 * nats-server 2.9 has no per-key TTL, so health is computed from the entry by every reader, with
 * the semantics of the other registries:
 *
 *   never passed          → critical since registration (output `TTL expired` once the TTL ran out)
 *   now − lastPass ≤ ttl  → passing (changedAt = the pass that made it passing)
 *   later                 → critical, output `TTL expired`, changedAt = lastPass + ttl
 *   critical longer than deregisterCriticalAfterMs → gone: list() and watchers stop showing it at
 *   once, and any registry instance that notices deletes the entry (with an expected revision, so
 *   a concurrent pass or re-register wins and a second delete is a harmless no-op).
 *
 * Watchers are fed by a KV watch (no polling) plus one local timer armed for the next moment some
 * entry's health changes. After a reconnect the watch's consumer may have died with its server and
 * creating a new one needs the cluster's meta leader, which can take seconds; until the
 * replacement watch is up, the cache is refreshed from bucket reads once a second (the only
 * polling, and only then). list() reads the bucket with a stream-info key listing and direct gets
 * (no consumer). The bucket's max_age (24 h by default) is a backstop for entries nobody reaped.
 * Times are the writers' and readers' wall clocks: nodes need roughly synchronized clocks (NTP),
 * well within the TTLs used.
 */
import { Kvm, type KV, type KvEntry, type KvWatchEntry } from '@nats-io/kv';
import { jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import type { QueuedIterator } from '@nats-io/transport-node';
import { ChatError } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { BackendHealth } from '../backendHealth.js';
import { openNatsLink, type NatsConnectionOptions, type NatsLink } from '../bus/natsConnection.js';
import { describeError, isReplicaPlacementError, type ReplicaChoice } from '../bus/natsStreams.js';
import { cloneInfo, evaluate, nodeKey, parseEntry, type Evaluated, type StoredNode } from './natsKvEntries.js';
import { checkNodeLoad, watchKey, type NodeLoad } from './nodeLoad.js';
import { cloneNodeStatus, type NodeInfo, type NodeRegistry, type NodeStatus, type RegistrationOptions } from './nodeRegistry.js';

export { InvalidNodeIdError } from './natsKvEntries.js';

export interface NatsKvRegistryOptions extends NatsConnectionOptions {
  /** Default `chat_nodes`. */
  bucket?: string;
  /** Bucket replicas: 'auto' (default) = 3 when the cluster can place them, else 1. */
  replicas?: ReplicaChoice;
  /** Backstop: entries not written for this long vanish. Default 24 h. */
  bucketMaxAgeMs?: number;
  /** Bound on waiting for a reconnect before an operation fails. Default 5000 ms. */
  operationTimeoutMs?: number;
  /** Bound on one KV request (get, put, watch setup). Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const DAY = 86_400_000;
const STALE_REFRESH_MS = 1000;

export async function connectNatsKvRegistry(options: NatsKvRegistryOptions): Promise<NatsKvRegistry> {
  const logger = (options.logger ?? silentLogger).child({ backend: 'nats-kv-registry' });
  const link = await openNatsLink({ ...options, logger }, 'degraded');
  try {
    const bucket = options.bucket ?? 'chat_nodes';
    const timeout = options.requestTimeoutMs ?? 2000;
    const kv = await openBucket(new Kvm(jetstream(link.nc, { timeout })), link, bucket, options.replicas ?? 'auto', options.bucketMaxAgeMs ?? DAY, logger);
    const jsm = await jetstreamManager(link.nc, { timeout, checkAPI: false });
    const registry = new NatsKvRegistry(link, kv, jsm, bucket, logger, options.now ?? Date.now, options.operationTimeoutMs ?? 5000);
    await registry.openWatch();
    return registry;
  } catch (error) {
    await link.close().catch(() => undefined);
    throw error;
  }
}

async function openBucket(kvm: Kvm, link: NatsLink, bucket: string, replicas: ReplicaChoice, maxAgeMs: number, logger: Logger): Promise<KV> {
  const create = async (count: number): Promise<KV> => {
    const kv = await kvm.create(bucket, {
      history: 1,
      replicas: count,
      ttl: maxAgeMs,
      max_bytes: 64 * 1024 ** 2,
      maxValueSize: 64 * 1024,
      storage: StorageType.File,
    });
    const status = await kv.status();
    logger.info('nats_kv_bucket_ready', { bucket, replicas: status.replicas });
    return kv;
  };
  try {
    return await create(replicas === 'auto' ? 3 : replicas);
  } catch (error) {
    if (replicas !== 'auto' || !isReplicaPlacementError(error)) {
      throw new ChatError('NATS_KV_UNAVAILABLE', `cannot open KV bucket ${bucket} on ${link.server}: ${describeError(error)}`, { cause: error });
    }
    logger.info('nats_kv_bucket_single_replica', { bucket, reason: describeError(error) });
    return create(1);
  }
}

export class NatsKvRegistry implements NodeRegistry {
  readonly kind = 'nats-kv';
  private closed = false;
  /** Live entries as the watch (or a stale-time refresh) delivered them. */
  private readonly cache = new Map<string, { stored: StoredNode; revision: number }>();
  /** The last revision applied per key, deletes included: an older copy never overwrites a newer one. */
  private readonly revisions = new Map<string, number>();
  private lastRevision = 0;
  private readonly listeners = new Set<(nodes: NodeStatus[]) => void>();
  private lastNotified = '';
  private timer: NodeJS.Timeout | undefined;
  private watcher: QueuedIterator<KvWatchEntry> | undefined;
  private watchLoop: Promise<void> = Promise.resolve();
  /** Bumped when a watch is replaced, so the old one's loop ends quietly. */
  private watchGeneration = 0;
  private replacing: Promise<void> | undefined;
  /** The watch may have missed changes (reconnect, watch ended) until its replacement is up. */
  private stale = false;
  private refreshing = false;
  private readonly reaping = new Set<string>();
  private readonly stopFollowingLink: () => void;

  constructor(
    private readonly link: NatsLink,
    private readonly kv: KV,
    private readonly jsm: JetStreamManager,
    readonly bucket: string,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly operationTimeoutMs: number,
  ) {
    let wasDown = false;
    this.stopFollowingLink = link.onStateChange((state) => {
      if (state === 'reconnecting') wasDown = true;
      else if (state === 'connected' && wasDown) {
        wasDown = false;
        this.recoverWatch('reconnected');
      }
    });
  }

  health(): BackendHealth {
    const health = this.link.health('registry entries and watches may be stale');
    if (health.state === 'ok' && this.stale) {
      return { ...health, state: 'degraded', detail: 'KV watch being re-created after a reconnect; watchers are fed from bucket reads meanwhile' };
    }
    return health;
  }

  async register(node: NodeInfo, options: RegistrationOptions): Promise<void> {
    this.assertOpen();
    const key = nodeKey(node.id);
    const stored: StoredNode = {
      v: 1,
      node: cloneInfo(node),
      ttlMs: options.ttlMs,
      deregisterCriticalAfterMs: options.deregisterCriticalAfterMs,
      registeredAt: this.now(),
      lastPassAt: null,
      passingSince: null,
      output: '',
    };
    await this.guarded(`register ${node.id}`, () => this.kv.put(key, JSON.stringify(stored)));
  }

  async pass(nodeId: string, output = ''): Promise<void> {
    await this.rewrite(nodeId, 'pass', (stored, current, now) => {
      const passingSince = current.status.health === 'passing' ? stored.passingSince : now;
      return { ...stored, lastPassAt: now, passingSince, output };
    });
  }

  async publishLoad(nodeId: string, load: NodeLoad): Promise<void> {
    const checked = checkNodeLoad(load);
    await this.rewrite(nodeId, 'load', (stored) => ({ ...stored, load: checked }));
  }

  /**
   * Read-modify-write of a live entry with an expected revision. An unknown node, or one past its
   * removal, is left alone (a write never resurrects it); a lost race reads again (bounded).
   */
  private async rewrite(nodeId: string, what: string, change: (stored: StoredNode, current: Evaluated, now: number) => StoredNode): Promise<void> {
    this.assertOpen();
    const key = nodeKey(nodeId);
    await this.guarded(`${what} ${nodeId}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const entry = await this.kv.get(key);
        const stored = entry ? parseEntry(entry) : undefined;
        if (!entry || !stored) return;
        const now = this.now();
        const current = evaluate(stored, now);
        if (!current) return;
        try {
          await this.kv.update(key, JSON.stringify(change(stored, current, now)), entry.revision);
          return;
        } catch (error) {
          // Re-registered, reaped or written by our other timer meanwhile: read again.
          if (attempt >= 3) throw new ChatError('REGISTRY_CONFLICT', `${what} for ${nodeId} lost three write races: ${describeError(error)}`, { cause: error });
        }
      }
    });
  }

  async deregister(nodeId: string): Promise<void> {
    this.assertOpen();
    const key = nodeKey(nodeId);
    await this.guarded(`deregister ${nodeId}`, async () => {
      if ((await this.kv.get(key))?.operation === 'PUT') await this.kv.delete(key);
    });
  }

  /** Reads the bucket (not the watch cache). */
  async list(): Promise<NodeStatus[]> {
    this.assertOpen();
    const { entries } = await this.guarded('list', () => this.readBucket());
    const now = this.now();
    const nodes: NodeStatus[] = [];
    for (const entry of entries) {
      const stored = parseEntry(entry);
      if (!stored) continue;
      const evaluated = evaluate(stored, now);
      if (evaluated) nodes.push(evaluated.status);
      else this.reap(entry.key, entry.revision);
    }
    return nodes.sort((a, b) => a.id.localeCompare(b.id));
  }

  watch(listener: (nodes: NodeStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Read-only browse of the bucket for the console: every live key starting with `prefix`, its
   * value as UTF-8 text (base64 with `binary` when it is not UTF-8) and its revision.
   */
  async kvList(prefix = ''): Promise<Array<{ key: string; value: string | null; binary: boolean; modifyIndex: number }>> {
    this.assertOpen();
    const { entries } = await this.guarded('kv list', () => this.readBucket());
    return entries
      .filter((entry) => entry.operation === 'PUT' && entry.key.startsWith(prefix))
      .map((entry) => {
        const bytes = entry.value;
        let text: string | undefined;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          text = undefined;
        }
        return {
          key: entry.key,
          value: bytes.length === 0 ? null : (text ?? Buffer.from(bytes).toString('base64')),
          binary: bytes.length > 0 && text === undefined,
          modifyIndex: entry.revision,
        };
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watchGeneration++;
    this.stopFollowingLink();
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    this.watcher?.stop();
    await this.link.close();
    await this.watchLoop;
  }

  /**
   * Starts a KV watch and retires the previous one. The first delivers every entry; a replacement
   * resumes after the last revision seen, which brings every later put and delete (the bucket
   * keeps each key's latest message, delete markers included).
   */
  async openWatch(): Promise<void> {
    const watcher = await this.kv.watch(this.lastRevision > 0 ? { resumeFromRevision: this.lastRevision + 1 } : {});
    if (this.closed) {
      watcher.stop();
      return;
    }
    const generation = ++this.watchGeneration;
    const previous = this.watcher;
    this.watcher = watcher;
    previous?.stop();
    this.watchLoop = this.consume(watcher, generation);
  }

  /** Replaces the watch (retrying until it works) and refreshes from reads meanwhile. */
  private recoverWatch(why: string): void {
    if (this.closed) return;
    this.stale = true;
    void this.refreshWhileStale();
    if (this.replacing) return;
    this.logger.info('nats_kv_watch_replacing', { bucket: this.bucket, reason: why, from_revision: this.lastRevision + 1 });
    this.replacing = (async () => {
      for (let attempt = 1; !this.closed; attempt++) {
        try {
          await this.openWatch();
          this.stale = false;
          this.logger.info('nats_kv_watch_replaced', { bucket: this.bucket, attempt });
          return;
        } catch (error) {
          // e.g. the meta leader or the bucket's stream leader is being elected again
          this.logger.warn('nats_kv_watch_retry', { bucket: this.bucket, attempt, error: describeError(error) });
          await sleep(Math.min(1000, 200 * attempt));
        }
      }
    })().finally(() => {
      this.replacing = undefined;
    });
  }

  private async refreshWhileStale(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      while (this.stale && !this.closed) {
        try {
          if (this.link.state === 'connected') {
            const { entries, firstSeq } = await this.readBucket();
            let changed = false;
            for (const entry of entries) changed = this.apply(entry) || changed;
            // Keys aged out of the stream (max_age) leave no marker: drop what is older than its first message.
            for (const [key, cached] of this.cache) {
              if (cached.revision < firstSeq && !entries.some((entry) => entry.key === key)) changed = this.cache.delete(key) || changed;
            }
            if (changed) this.evaluateCache();
          }
        } catch (error) {
          this.logger.debug('nats_kv_refresh_failed', { bucket: this.bucket, error: describeError(error) });
        }
        await sleep(STALE_REFRESH_MS);
      }
    } finally {
      this.refreshing = false;
    }
  }

  private async consume(watcher: QueuedIterator<KvWatchEntry>, generation: number): Promise<void> {
    try {
      for await (const entry of watcher) {
        if (generation !== this.watchGeneration) return;
        if (this.apply(entry)) this.evaluateCache();
      }
    } catch (error) {
      if (!this.closed && generation === this.watchGeneration) this.logger.warn('nats_kv_watch_failed', { bucket: this.bucket, error: describeError(error) });
    }
    // The watch ended on its own (e.g. its consumer vanished): resume with a new one.
    if (!this.closed && generation === this.watchGeneration) this.recoverWatch('watch ended');
  }

  /** Applies one bucket entry to the cache; false if it was not newer than what we have. */
  private apply(entry: KvEntry): boolean {
    if (entry.revision <= (this.revisions.get(entry.key) ?? 0)) return false;
    this.revisions.set(entry.key, entry.revision);
    this.lastRevision = Math.max(this.lastRevision, entry.revision);
    const stored = parseEntry(entry);
    if (stored) this.cache.set(entry.key, { stored, revision: entry.revision });
    else this.cache.delete(entry.key);
    return true;
  }

  /** Every key's latest entry (deletes included), without a consumer: a key listing from stream info, then direct gets. */
  private async readBucket(): Promise<{ entries: KvEntry[]; firstSeq: number }> {
    const prefix = `$KV.${this.bucket}.`;
    const info = await this.jsm.streams.info(`KV_${this.bucket}`, { subjects_filter: `${prefix}>` });
    const keys = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
    const entries = await Promise.all(keys.map((key) => this.kv.get(key)));
    return { entries: entries.filter((entry): entry is KvEntry => entry !== null), firstSeq: info.state.first_seq };
  }

  /** Notifies watchers if what they would see changed; reaps expired entries; re-arms the timer. */
  private evaluateCache(): void {
    if (this.closed) return;
    const now = this.now();
    const nodes: NodeStatus[] = [];
    let nextChangeAt = Number.POSITIVE_INFINITY;
    for (const [key, cached] of this.cache) {
      const evaluated = evaluate(cached.stored, now);
      if (!evaluated) {
        this.reap(key, cached.revision);
        continue;
      }
      nodes.push(evaluated.status);
      nextChangeAt = Math.min(nextChangeAt, evaluated.nextChangeAt);
    }
    nodes.sort((a, b) => a.id.localeCompare(b.id));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (Number.isFinite(nextChangeAt)) {
      // +1: the change happens strictly after the boundary (passing while now − lastPass ≤ ttl).
      this.timer = setTimeout(() => this.evaluateCache(), Math.max(0, nextChangeAt - now) + 1);
      this.timer.unref();
    }
    const snapshot = watchKey(nodes);
    if (snapshot === this.lastNotified) return;
    this.lastNotified = snapshot;
    for (const listener of [...this.listeners]) {
      try {
        listener(nodes.map(cloneNodeStatus));
      } catch (error) {
        this.logger.error('registry_watcher_failed', { error: describeError(error) });
      }
    }
  }

  /** Deletes an entry past its removal time, only if nobody wrote it since (idempotent across instances). */
  private reap(key: string, revision: number): void {
    if (this.closed || this.reaping.has(key) || this.link.state !== 'connected') return;
    this.reaping.add(key);
    this.kv
      .delete(key, { previousSeq: revision })
      .then(() => this.logger.info('registry_node_removed', { node: key, reason: 'critical longer than deregister-critical-after' }))
      .catch(() => undefined) // someone else reaped it, or it was written again: either way not ours to delete
      .finally(() => this.reaping.delete(key));
  }

  /** Waits (bounded) for a connection, then runs `work`, giving up at once if the connection drops. */
  private async guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
    await this.link.waitConnected(Date.now() + this.operationTimeoutMs);
    return this.link.raceDisconnect(work(), `registry ${what}`);
  }

  private assertOpen(): void {
    if (this.closed) throw new ChatError('REGISTRY_CLOSED', 'node registry is closed');
  }
}

/** A pause that does not keep the process alive (the loops using it end on close). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
