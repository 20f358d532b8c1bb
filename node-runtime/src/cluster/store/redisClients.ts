/**
 * Builds the ioredis client `--redis` asks for: a `Redis` for one server, a `Cluster` for Redis
 * Cluster seeds (config/redisTarget.ts). Both get the same bounded waits.
 *
 * Cluster specifics, and why:
 * - `scaleReads: 'master'`: a replica may lag, and the store reads its own writes.
 * - A killed master: its in-flight commands fail "Connection is closed" and are retried after
 *   `retryDelayOnFailover`; while the other masters still name the dead one (until its replica is
 *   promoted, ≈ cluster-node-timeout + election) they bounce as MOVED to it. `maxRedirections`
 *   is sized so a command rides out a failover of a few seconds rather than failing at once;
 *   `commandTimeout` still bounds it.
 * - `slotsRefreshInterval`: the slot map (and each shard's live replicas, which the durable P2P
 *   write looks at) is re-read every second, not only after a MOVED.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../../config/redisTarget.js';

export interface RedisClientSettings {
  name: string;
  commandTimeoutMs: number;
  maxRetriesPerRequest: number;
  retryMaxDelayMs: number;
  connectTimeoutMs: number;
}

export function createRedisClient(target: RedisTarget, settings: RedisClientSettings): Redis | Cluster {
  const backoff = (times: number) => Math.min(50 * 2 ** Math.min(times - 1, 10), settings.retryMaxDelayMs);
  const common: RedisOptions = {
    connectionName: settings.name,
    enableReadyCheck: true,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
  };
  if (target.mode === 'single') {
    return new Redis(target.url, {
      ...common,
      // No auto-pipelining: the hot paths batch for themselves (one P2P commit script per event-loop
      // turn, one presence script per tick), and an auto-pipeline is an ioredis Pipeline object per
      // tick that copies every command onto itself — with it on, node A spent ~8 µs more per P2P
      // message, its GC pauses grew from ~1.8 to ~2.6 ms and an idle connection cost 14.4 KB instead
      // of 10 KB (bench/README.md, change 10). It did pay (+20 %) before the store batched.
      enableAutoPipelining: false,
      lazyConnect: true,
      enableOfflineQueue: true,
      maxRetriesPerRequest: settings.maxRetriesPerRequest,
      retryStrategy: backoff,
    });
  }
  const options: ClusterOptions = {
    redisOptions: {
      ...common,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
    lazyConnect: true,
    enableOfflineQueue: true,
    enableReadyCheck: true,
    scaleReads: 'master',
    clusterRetryStrategy: backoff,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    maxRedirections: 64,
    slotsRefreshInterval: 1000,
    // Short: a refresh that asks a stalled node (SIGSTOP, a long fork) moves on to the next one
    // quickly. At 2 s, a write whose WAIT found no replica re-read the map only after the stalled
    // replica had been marked failed, and was acked without a copy (redisReplicatedWrite.ts).
    slotsRefreshTimeout: Math.min(500, settings.connectTimeoutMs),
  };
  return new Cluster(target.seeds, options);
}
