/**
 * The presence store's Lua scripts, one hash slot each: `{p:<userId>}` for a user's entries (the
 * change event is published by the same script, so an entry and its event never part), `{n:<nodeId>}`
 * for a node's liveness, watch flag and reaper lock. Node ids and user ids reaching a script are
 * validated tokens (redisKeys.ts), so the event JSON can be assembled by concatenation.
 */
import { LUA_NOW, RedisScript } from '../store/redisScript.js';

const LUA_EVENT = `local function event(kind, at, reason)
  local json = '{"kind":"' .. kind .. '","userId":' .. ARGV[2] .. ',"nodeId":"' .. ARGV[1] .. '","at":' .. string.format('%d', at)
  if reason then json = json .. ',"reason":"' .. reason .. '"' end
  return json .. '}'
end
`;

export const PresenceScripts = {
  /** KEYS: {p:user}. ARGV: nodeId, userId, channel. Adds the entry; returns its since, or 0 if it existed. */
  online: new RedisScript(
    'presenceOnline',
    `${LUA_NOW}${LUA_EVENT}if redis.call('HSETNX', KEYS[1], ARGV[1], now) == 0 then return 0 end
redis.call('PUBLISH', ARGV[3], event('online', now, nil))
return now`,
  ),

  /** KEYS: {p:user}. ARGV: nodeId, userId, channel, reason. Removes the entry; returns 1 if there was one. */
  offline: new RedisScript(
    'presenceOffline',
    `${LUA_NOW}${LUA_EVENT}if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[3], event('offline', now, ARGV[4]))
return 1`,
  ),

  /** KEYS: alive, meta. ARGV: ttlMs. The node is alive for ttlMs and is watched from now on. */
  alive: new RedisScript(
    'presenceAlive',
    `if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) else redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[2], 'watched', '1')
return 1`,
  ),

  /**
   * KEYS: alive, meta, reaping lock. ARGV: token, lockMs. 1 when the node is watched, its
   * liveness lapsed and this caller got the lock (then it, and only it, cleans the node up).
   */
  reapClaim: new RedisScript(
    'presenceReapClaim',
    `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('HGET', KEYS[2], 'watched') ~= '1' then return 0 end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,
  ),

  /**
   * KEYS: alive, meta, reaping lock. ARGV: token. After a successful clean-up: the node is no longer
   * watched (unless it came back meanwhile), and the lock is released if still ours.
   */
  reapDone: new RedisScript(
    'presenceReapDone',
    `if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HDEL', KEYS[2], 'watched') end
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
return 1`,
  ),

  /** KEYS: reaping lock. ARGV: token. Releases the lock if still ours. */
  unlock: new RedisScript(
    'presenceUnlock',
    `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  ),
} as const;
