/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet (a new
 * server, or one restarted without its script cache). EVAL also loads it, so the next call is an
 * EVALSHA again. All keys go in KEYS (never built inside the script) so a cluster can route it.
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from './redisConnection.js';
import { hashTag, keySlot } from './redisSlot.js';

export class RedisScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly lua: string,
    /** Keys may span hash slots: for a single Redis server only (callers check), never a cluster. */
    readonly crossSlot = false,
  ) {
    this.sha = createHash('sha1').update(lua, 'utf8').digest('hex');
  }

  async run(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    if (!this.crossSlot) assertOneSlot(this.name, keys);
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/** A script whose keys would span hash slots is a bug in this store: fail before sending it. */
export function assertOneSlot(script: string, keys: readonly string[]): void {
  const first = keys[0];
  if (first === undefined) return;
  // Cheap first: the store's keys of one script share a hash tag. Only different tags need slots.
  const tag = hashTag(first);
  if (keys.every((key) => hashTag(key) === tag)) return;
  const slot = keySlot(first);
  if (keys.some((key) => keySlot(key) !== slot)) throw new Error(`script ${script}: keys span hash slots: ${keys.join(' ')}`);
}

/** The server's clock in ms, inside a script (Redis 7 replicates effects, so TIME is allowed). */
export const LUA_NOW = `local __t = redis.call('TIME')
local now = tonumber(__t[1]) * 1000 + math.floor(tonumber(__t[2]) / 1000)
`;
