/**
 * The cluster PresenceStore on Redis (keys: store/redisKeys.ts). `{p:<userId>}` (node → since) is
 * authoritative; `{n:<nodeId>}:users` is the node's index, written BEFORE an entry is added and
 * cleaned AFTER it is removed, so it is a superset of the entries (a failed step leaves an extra
 * index member, which reads filter out). This store serializes its own operations per (user,
 * node) so a login racing a logout on one node cannot reorder those steps.
 *
 * Changes are published by the very script that makes them, on the `presence:changes` channel;
 * a dedicated subscriber connection feeds subscribe() listeners, so every store instance sees
 * every process's changes. Pub/sub is at-most-once: changes made while a subscriber is
 * disconnected are not replayed (read nodesOf/snapshot after a reconnect to resync).
 *
 * Liveness: keepNodeAlive sets `{n:<nodeId>}:alive` with PX and marks the node watched.
 * reapDeadNodes cleans every node that has entries, is watched and has no liveness key; a
 * SET NX PX lock per node makes concurrent reapers clean each dead node once. On a Redis Cluster
 * it reaps nothing while a shard is failing over and for `reapSettleMs` after: a liveness key on
 * that shard may have lapsed only because its node could not reach the shard to renew it.
 */
import { randomBytes } from 'node:crypto';
import type { BackendHealth } from '../backendHealth.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { idPart, isValidNodeId, nodePart, PresenceKeys } from '../store/redisKeys.js';
import { openRedisConnection, type RedisClient, type RedisConnection, type RedisConnectionOptions } from '../store/redisConnection.js';
import type { PresenceChange, PresenceEntry, PresencePage, PresenceStore } from './presenceStore.js';
import { PresenceLookups } from './redisPresenceLookups.js';
import { PresenceScripts } from './redisPresenceScripts.js';

export interface RedisPresenceStoreOptions extends Partial<Omit<RedisConnectionOptions, 'url' | 'name'>> {
  url: string;
  logger?: Logger;
  /** How long connecting waits for Redis. Default 10 s. */
  readyTimeoutMs?: number;
  /** How long a reaper may hold a dead node's lock. Default 30 s. */
  reapLockMs?: number;
  /** Redis Cluster: no reaping until this long after a failover settled. Default 5 s. */
  reapSettleMs?: number;
}

/** Opens the command and subscriber connections and subscribes before resolving. */
export async function connectRedisPresenceStore(options: RedisPresenceStoreOptions): Promise<RedisPresenceStore> {
  const { url, logger, readyTimeoutMs, reapLockMs, reapSettleMs, ...connection } = options;
  const withLogger = logger ? { logger } : {};
  const command = await openRedisConnection({ ...connection, ...withLogger, url, name: 'presence' }, readyTimeoutMs);
  const subscriber = command.duplicate('presence-feed');
  try {
    await subscriber.connect(readyTimeoutMs);
    const store = new RedisPresenceStore(command, subscriber, {
      ...withLogger,
      ...(reapLockMs ? { reapLockMs } : {}),
      ...(reapSettleMs !== undefined ? { reapSettleMs } : {}),
    });
    await store.listen();
    return store;
  } catch (error) {
    await Promise.allSettled([command.close(), subscriber.close()]);
    throw error;
  }
}

const CHUNK = 500;

export class RedisPresenceStore implements PresenceStore {
  readonly kind = 'redis';
  private readonly client: RedisClient;
  private readonly listeners = new Set<(change: PresenceChange) => void>();
  private readonly logger: Logger;
  private readonly reapLockMs: number;
  private readonly reapSettleMs: number;
  /** Per (user, node): the tail of this store's operations on that pair. */
  private readonly pairTails = new Map<string, Promise<unknown>>();
  private readonly lookups: PresenceLookups;

  constructor(
    private readonly command: RedisConnection,
    private readonly subscriber: RedisConnection,
    options: { logger?: Logger; reapLockMs?: number; reapSettleMs?: number } = {},
  ) {
    this.client = command.client;
    this.logger = (options.logger ?? silentLogger).child({ backend: 'redis-presence' });
    this.reapLockMs = options.reapLockMs ?? 30_000;
    this.reapSettleMs = options.reapSettleMs ?? 5000;
    this.lookups = new PresenceLookups(this.client, command.cluster === null, this.logger);
  }

  /** Subscribes the feed connection (ioredis re-subscribes by itself after a reconnect). */
  async listen(): Promise<void> {
    this.subscriber.client.on('message', (channel: string, message: string) => {
      if (channel === PresenceKeys.changes) this.deliver(message);
    });
    await this.subscriber.client.subscribe(PresenceKeys.changes);
  }

  health(): BackendHealth {
    const main = this.command.health();
    if (main.state !== 'ok') return main;
    const feed = this.subscriber.health();
    if (feed.state === 'ok') return main;
    return { state: 'degraded', detail: `change feed: ${feed.detail}`, endpoint: main.endpoint };
  }

  /** Grows by one per reconnect of the command connection (see RedisConnection.epoch): a poller rebuilds presence when it changed. */
  connectionEpoch(): number {
    return this.command.epoch;
  }

  async setOnline(userId: number, nodeId: string): Promise<void> {
    const user = idPart(userId, 'user id');
    const node = nodePart(nodeId);
    return this.serialize(user, node, async () => {
      await Promise.all([this.client.sadd(PresenceKeys.nodes, node), this.client.zadd(PresenceKeys.nodeUsers(node), userId, user)]);
      await PresenceScripts.online.run(this.client, [PresenceKeys.user(userId)], [node, user, PresenceKeys.changes]);
    });
  }

  async setOffline(userId: number, nodeId: string): Promise<void> {
    await this.offline(userId, nodeId, 'disconnect');
  }

  async nodesOf(userId: number): Promise<string[]> {
    if (!Number.isSafeInteger(userId) || userId < 0) return [];
    return this.lookups.nodesOf(userId);
  }

  async usersOn(nodeId: string): Promise<number[]> {
    if (!isValidNodeId(nodeId)) return [];
    const indexed = (await this.client.zrange(PresenceKeys.nodeUsers(nodeId), 0, -1)).map(Number);
    const present = await inChunks(indexed, (userId) => this.client.hexists(PresenceKeys.user(userId), nodeId));
    return indexed.filter((_, index) => present[index] === 1);
  }

  async removeNode(nodeId: string): Promise<number> {
    if (!isValidNodeId(nodeId)) return 0;
    const users = (await this.client.zrange(PresenceKeys.nodeUsers(nodeId), 0, -1)).map(Number);
    const removed = await inChunks(users, (userId) => this.offline(userId, nodeId, 'node-removed'));
    // Forget the node once it has no entries. (A node that adds one in between re-adds itself on its next setOnline.)
    if ((await this.client.zcard(PresenceKeys.nodeUsers(nodeId))) === 0) await this.client.srem(PresenceKeys.nodes, nodeId);
    return removed.filter(Boolean).length;
  }

  async countsByNode(): Promise<Record<string, number>> {
    const nodes = (await this.client.smembers(PresenceKeys.nodes)).filter(isValidNodeId);
    const counts = await Promise.all(nodes.map((nodeId) => this.client.zcard(PresenceKeys.nodeUsers(nodeId))));
    const result: Record<string, number> = {};
    nodes.forEach((nodeId, index) => {
      const count = counts[index] ?? 0;
      if (count > 0) result[nodeId] = count;
    });
    return result;
  }

  async keepNodeAlive(nodeId: string, ttlMs: number): Promise<void> {
    const node = nodePart(nodeId);
    const ttl = Number.isFinite(ttlMs) ? Math.max(0, Math.ceil(ttlMs)) : 0;
    await PresenceScripts.alive.run(this.client, [PresenceKeys.nodeAlive(node), PresenceKeys.nodeMeta(node)], [ttl]);
  }

  async reapDeadNodes(): Promise<string[]> {
    if (this.command.cluster && !this.command.cluster.settled(this.reapSettleMs)) return [];
    const nodes = (await this.client.smembers(PresenceKeys.nodes)).filter(isValidNodeId);
    const reaped: string[] = [];
    await Promise.all(
      nodes.map(async (nodeId) => {
        const token = randomBytes(12).toString('hex');
        const keys = [PresenceKeys.nodeAlive(nodeId), PresenceKeys.nodeMeta(nodeId), PresenceKeys.nodeReaping(nodeId)];
        if ((await PresenceScripts.reapClaim.run(this.client, keys, [token, this.reapLockMs])) !== 1) return;
        try {
          const removed = await this.removeNode(nodeId);
          await PresenceScripts.reapDone.run(this.client, keys, [token]);
          reaped.push(nodeId);
          this.logger.info('presence_node_reaped', { node: nodeId, users: removed });
        } catch (error) {
          // The lock expires on its own too; whoever comes next finishes the job (removal is idempotent).
          await PresenceScripts.unlock.run(this.client, [PresenceKeys.nodeReaping(nodeId)], [token]).catch(() => undefined);
          throw error;
        }
      }),
    );
    return reaped.sort();
  }

  async replaceNode(nodeId: string, userIds: readonly number[]): Promise<void> {
    const node = nodePart(nodeId);
    const wanted = new Set(userIds.map((userId) => Number(idPart(userId, 'user id'))));
    const indexed = (await this.client.zrange(PresenceKeys.nodeUsers(node), 0, -1)).map(Number);
    await inChunks(
      indexed.filter((userId) => !wanted.has(userId)),
      (userId) => this.offline(userId, node, 'disconnect'),
    );
    await inChunks([...wanted], (userId) => this.setOnline(userId, node));
    await this.client.sadd(PresenceKeys.nodes, node);
  }

  /**
   * Pages over nodes in id order, then users in id order; the cursor is the last (node, user) seen,
   * so entries present for the whole walk are returned exactly once whatever changes meanwhile.
   */
  async snapshot(cursor: string | null, limit: number): Promise<PresencePage> {
    const pageSize = Math.floor(limit);
    if (!(pageSize > 0)) return { entries: [], nextCursor: cursor };
    const nodes = (await this.client.smembers(PresenceKeys.nodes)).filter(isValidNodeId).sort(compareText);
    const start = decodeCursor(cursor);
    let index = start ? nodes.findIndex((nodeId) => compareText(nodeId, start.nodeId) >= 0) : 0;
    if (index < 0) index = nodes.length;
    let afterUser = start && nodes[index] === start.nodeId ? start.afterUser : -1;
    const entries: PresenceEntry[] = [];
    while (index < nodes.length && entries.length < pageSize) {
      const nodeId = nodes[index] as string;
      const want = pageSize - entries.length;
      const users = (await this.client.zrangebyscore(PresenceKeys.nodeUsers(nodeId), `(${afterUser}`, '+inf', 'LIMIT', 0, want)).map(Number);
      const since = await Promise.all(users.map((userId) => this.client.hget(PresenceKeys.user(userId), nodeId)));
      users.forEach((userId, i) => {
        const value = since[i];
        if (value !== null && value !== undefined) entries.push({ userId, nodeId, since: Number(value) });
      });
      if (users.length < want) {
        index += 1;
        afterUser = -1;
      } else {
        afterUser = users[users.length - 1] ?? afterUser;
      }
    }
    const next = nodes[index];
    return { entries, nextCursor: next === undefined ? null : encodeCursor(next, afterUser) };
  }

  subscribe(listener: (change: PresenceChange) => void): () => void {
    const wrapped = (change: PresenceChange) => listener(change);
    this.listeners.add(wrapped);
    return () => {
      this.listeners.delete(wrapped);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.subscriber.close(), this.command.close()]);
  }

  /** Removes one entry (its event is published by the script) and then its index member. */
  private offline(userId: number, nodeId: string, reason: 'disconnect' | 'node-removed'): Promise<boolean> {
    if (!Number.isSafeInteger(userId) || userId < 0 || !isValidNodeId(nodeId)) return Promise.resolve(false);
    const user = String(userId);
    return this.serialize(user, nodeId, async () => {
      const removed = await PresenceScripts.offline.run(this.client, [PresenceKeys.user(userId)], [nodeId, user, PresenceKeys.changes, reason]);
      await this.client.zrem(PresenceKeys.nodeUsers(nodeId), user);
      return removed === 1;
    });
  }

  private serialize<T>(user: string, node: string, operation: () => Promise<T>): Promise<T> {
    const key = `${user}@${node}`;
    const previous = this.pairTails.get(key) ?? Promise.resolve();
    const result = previous.then(operation, operation);
    const tail = result.catch(() => undefined);
    this.pairTails.set(key, tail);
    void tail.then(() => {
      if (this.pairTails.get(key) === tail) this.pairTails.delete(key);
    });
    return result;
  }

  private deliver(message: string): void {
    const change = parseChange(message);
    if (!change) {
      this.logger.warn('presence_event_invalid', { bytes: message.length });
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error('presence_listener_failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

function parseChange(message: string): PresenceChange | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { kind, userId, nodeId, at, reason } = value as Record<string, unknown>;
  if ((kind !== 'online' && kind !== 'offline') || typeof userId !== 'number' || typeof nodeId !== 'string' || typeof at !== 'number') return null;
  if (reason !== undefined && reason !== 'disconnect' && reason !== 'node-removed') return null;
  return { kind, userId, nodeId, at, ...(reason !== undefined ? { reason } : {}) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeCursor(nodeId: string, afterUser: number): string {
  return Buffer.from(JSON.stringify([nodeId, afterUser])).toString('base64url');
}

function decodeCursor(cursor: string | null): { nodeId: string; afterUser: number } | null {
  if (cursor === null) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isSafeInteger(value[1])) return { nodeId: value[0], afterUser: value[1] as number };
  } catch {
    // an unreadable cursor starts over, like the memory store's
  }
  return null;
}

/** Runs `operation` over `items`, at most CHUNK at a time, keeping the order of results. */
async function inChunks<T, R>(items: readonly T[], operation: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) results.push(...(await Promise.all(items.slice(i, i + CHUNK).map(operation))));
  return results;
}
