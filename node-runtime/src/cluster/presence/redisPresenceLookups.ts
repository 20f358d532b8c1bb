/**
 * Presence reads of one tick in one command, on a single Redis server: every `nodesOf` called
 * while the current microtasks run (all messages of a store batch route in the same drain) is
 * answered by one script that runs HKEYS per user. On a Redis Cluster the keys span slots, so
 * each user is one HKEYS there (ioredis pipelines them per shard); likewise if the server
 * turns out to run in cluster mode (CROSSSLOT), from then on.
 */
import type { Logger } from '../../common/logger.js';
import type { RedisClient } from '../store/redisConnection.js';
import { isCrossSlotError } from '../store/redisErrors.js';
import { PresenceKeys } from '../store/redisKeys.js';
import { RedisScript } from '../store/redisScript.js';

const nodesOfManyScript = new RedisScript(
  'presenceNodesOfMany',
  `local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HKEYS', key) end
return out`,
  true,
);

interface Lookup {
  userId: number;
  resolve: (nodes: string[]) => void;
  reject: (error: unknown) => void;
}

export class PresenceLookups {
  private queue: Lookup[] = [];
  private scheduled = false;

  constructor(
    private readonly client: RedisClient,
    private batching: boolean,
    private readonly logger: Logger,
  ) {}

  /** The nodes holding `userId` (a safe integer id, checked by the caller). */
  nodesOf(userId: number): Promise<string[]> {
    if (!this.batching) return this.client.hkeys(PresenceKeys.user(userId));
    return new Promise((resolve, reject) => {
      this.queue.push({ userId, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      process.nextTick(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 1) return this.single(batch[0] as Lookup);
    let reply: unknown;
    try {
      reply = await nodesOfManyScript.run(this.client, batch.map((lookup) => PresenceKeys.user(lookup.userId)), []);
    } catch (error) {
      if (isCrossSlotError(error)) {
        this.logger.warn('redis_presence_batching_off', { reason: 'the server runs in cluster mode: one HKEYS per user from now on' });
        this.batching = false;
        for (const lookup of batch) void this.single(lookup);
        return;
      }
      for (const lookup of batch) lookup.reject(error);
      return;
    }
    batch.forEach((lookup, index) => {
      const nodes = Array.isArray(reply) ? (reply[index] as unknown) : undefined;
      if (Array.isArray(nodes) && nodes.every((node) => typeof node === 'string')) lookup.resolve(nodes as string[]);
      else lookup.reject(new Error(`unexpected presence reply from Redis: ${JSON.stringify(reply)?.slice(0, 200)}`));
    });
  }

  private async single(lookup: Lookup): Promise<void> {
    try {
      lookup.resolve(await this.client.hkeys(PresenceKeys.user(lookup.userId)));
    } catch (error) {
      lookup.reject(error);
    }
  }
}
