/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet (a new
 * server, or one restarted without its script cache). EVAL also loads it, so the next call is an
 * EVALSHA again. All keys go in KEYS (never built inside the script) so a cluster can route it.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class RedisScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly lua: string,
  ) {
    this.sha = createHash('sha1').update(lua, 'utf8').digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    assertOneSlot(this.name, keys);
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/** Redis Cluster's hash tag of a key: the text between the first `{` and the next `}`, if not empty. */
export function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** A script whose keys would span hash slots is a bug in this store: fail before sending it. */
function assertOneSlot(script: string, keys: readonly string[]): void {
  const first = keys[0];
  if (first === undefined) return;
  const tag = hashTag(first);
  if (keys.some((key) => hashTag(key) !== tag)) throw new Error(`script ${script}: keys span hash slots: ${keys.join(' ')}`);
}

/** The server's clock in ms, inside a script (Redis 7 replicates effects, so TIME is allowed). */
export const LUA_NOW = `local __t = redis.call('TIME')
local now = tonumber(__t[1]) * 1000 + math.floor(tonumber(__t[2]) / 1000)
`;
