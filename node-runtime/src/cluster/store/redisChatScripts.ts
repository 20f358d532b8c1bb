/**
 * The chat store's Lua scripts. Each touches the keys of one hash slot (all passed in KEYS), so
 * each is one atomic step that stays atomic on Redis Cluster. Replies are plain values; the store
 * checks their shape.
 */
import { LUA_NOW, RedisScript } from './redisScript.js';

/** Trims a list/zset to its newest ARGV-given length and refreshes its TTL (0 = none). */
const LUA_TRIM_ZSET = `local function trimZset(key, max, ttl)
  local over = redis.call('ZCARD', key) - max
  if over > 0 then redis.call('ZREMRANGEBYRANK', key, 0, over - 1) end
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
end
`;

/**
 * A P2P dedup key holds the seq of the message it first stored (older keys hold the whole entry);
 * the entry itself is read back from the mailbox, so each message is kept once. Returns nothing
 * for a new clientMsgId, else 0 and the original entry, or 2 and its seq when the mailbox no
 * longer holds it (trimmed or expired: the caller rebuilds the entry from the retry, which
 * carries the same content). The key is rewritten as is: a write, so a WAIT after the script
 * also covers the original (see redisReplicatedWrite.ts).
 */
const LUA_DEDUP_SEEN = `local function dedupSeen(dedupKey, mailbox)
  local seen = redis.call('GET', dedupKey)
  if not seen then return nil end
  redis.call('SET', dedupKey, seen, 'KEEPTTL')
  if string.sub(seen, 1, 1) == '{' then return 0, seen end
  local found = redis.call('ZRANGEBYSCORE', mailbox, seen, seen)
  if found[1] then return 0, found[1] end
  return 2, tonumber(seen)
end
`;

/** Appends to a list, keeps its newest `max` and refreshes its TTL (0 = none). */
const LUA_APPEND_CAPPED = `local function appendCapped(key, value, max, ttl)
  redis.call('RPUSH', key, value)
  redis.call('LTRIM', key, -max, -1)
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
end
`;

/**
 * The P2P commit, shared by the one-slot script and the single-server batch: dedup check, seq,
 * mailbox entry (trimmed, TTL refreshed), dedup key. Returns 1, seq, entry for a new message, or
 * dedupSeen's answer for a repeated clientMsgId.
 */
export const LUA_COMMIT_DIRECT = `${LUA_TRIM_ZSET}${LUA_DEDUP_SEEN}${LUA_APPEND_CAPPED}local function commitDirect(state, mailbox, dedupKey, body, hasDedup, dedupMs, maxLength, mailboxTtl)
  if hasDedup then
    local flag, original = dedupSeen(dedupKey, mailbox)
    if flag then return flag, original end
  end
  local seq = redis.call('HINCRBY', state, 'seq', 1)
  local entry = '{"seq":' .. string.format('%d', seq) .. ',' .. string.sub(body, 2)
  redis.call('ZADD', mailbox, seq, entry)
  trimZset(mailbox, maxLength, mailboxTtl)
  if hasDedup then redis.call('SET', dedupKey, string.format('%d', seq), 'PX', dedupMs) end
  return 1, seq, entry
end
`;

export const ChatScripts = {
  /** KEYS: index hash. ARGV: field, id. Claims field for id (HSETNX); returns the owner id now. */
  claimIndex: new RedisScript(
    'claimIndex',
    `if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then return ARGV[2] end
return redis.call('HGET', KEYS[1], ARGV[1])`,
  ),

  /** KEYS: index hash. ARGV: field, id. Deletes the claim only if it still belongs to id. */
  releaseIndex: new RedisScript(
    'releaseIndex',
    `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`,
  ),

  /** KEYS: index hash. ARGV: field, oldId, newId. Moves a stale claim to newId if it is still oldId's. */
  replaceIndex: new RedisScript(
    'replaceIndex',
    `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end
return 0`,
  ),

  /** KEYS: record hash. ARGV: field/value pairs. Writes a record in state 'pending' (invisible to readers). */
  writePending: new RedisScript(
    'writePending',
    `${LUA_NOW}redis.call('HSET', KEYS[1], 'state', 'pending', 'since', now, unpack(ARGV))
return 1`,
  ),

  /** KEYS: record hash. pending → active (the commit point). Returns the state after the call ('' if missing). */
  commit: new RedisScript(
    'commit',
    `local state = redis.call('HGET', KEYS[1], 'state')
if state == 'pending' then redis.call('HSET', KEYS[1], 'state', 'active') return 'active' end
return state or ''`,
  ),

  /**
   * KEYS: record hash. ARGV: staleMs. A pending record older than staleMs becomes 'abandoned' (its
   * creator can no longer commit it). Returns the state after the call ('' if missing).
   */
  abandonIfStale: new RedisScript(
    'abandonIfStale',
    `${LUA_NOW}local state = redis.call('HGET', KEYS[1], 'state')
if not state then return '' end
if state == 'pending' and now - tonumber(redis.call('HGET', KEYS[1], 'since') or '0') > tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'state', 'abandoned')
  return 'abandoned'
end
return state`,
  ),

  /** KEYS: profile. ARGV: at. Returns the previous lastLogin, or false for a missing user. */
  recordLogin: new RedisScript(
    'recordLogin',
    `if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return false end
local previous = redis.call('HGET', KEYS[1], 'lastLogin')
redis.call('HSET', KEYS[1], 'lastLogin', ARGV[1])
return previous`,
  ),

  /**
   * The P2P commit, on the recipient's slot. KEYS: mailbox state, mailbox zset, dedup key.
   * ARGV: entry JSON without seq (an object), hasDedup (1/0), dedupMs, maxLength, mailboxTtlMs.
   * Returns {1, entry} when stored; for a repeated clientMsgId {0, original entry}, or {2, seq}
   * when the original has left the mailbox since (see LUA_DEDUP_SEEN).
   */
  storeDirect: new RedisScript(
    'storeDirect',
    `${LUA_COMMIT_DIRECT}local flag, value, entry = commitDirect(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2] == '1', ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))
if flag == 1 then return {1, entry} end
return {flag, value}`,
  ),

  /** KEYS: list. ARGV: value, maxLength, ttlMs. Appends and keeps the newest maxLength. */
  appendCapped: new RedisScript(
    'appendCapped',
    `${LUA_APPEND_CAPPED}appendCapped(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
return 1`,
  ),

  /** KEYS: offline list. ARGV: maxLength, ttlMs, seq... */
  offlineAdd: new RedisScript(
    'offlineAdd',
    `redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`,
  ),

  /**
   * Reads and clears the offline inbox in one step. KEYS: offline list, mailbox zset.
   * Returns the mailbox entries of the queued seqs, each once, in seq order.
   */
  offlineTake: new RedisScript(
    'offlineTake',
    `local queued = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
local seen, seqs = {}, {}
for _, raw in ipairs(queued) do
  local seq = tonumber(raw)
  if seq and not seen[seq] then seen[seq] = true seqs[#seqs + 1] = seq end
end
table.sort(seqs)
local entries = {}
for _, seq in ipairs(seqs) do
  local found = redis.call('ZRANGEBYSCORE', KEYS[2], seq, seq)
  if found[1] then entries[#entries + 1] = found[1] end
end
return entries`,
  ),

  /** KEYS: mailbox state. ARGV: seq. ack = max(ack, min(seq, last seq)). Returns the ack. */
  ackMailbox: new RedisScript(
    'ackMailbox',
    `local last = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local acked = tonumber(redis.call('HGET', KEYS[1], 'ack') or '0')
local wanted = math.min(tonumber(ARGV[1]), last)
if wanted > acked then redis.call('HSET', KEYS[1], 'ack', string.format('%d', wanted)) return wanted end
return acked`,
  ),

  /**
   * KEYS: group info, group members. ARGV: ownerId, joinedAt, then group field/value pairs.
   * Writes the group 'pending' with its owner as member 1.
   */
  groupCreate: new RedisScript(
    'groupCreate',
    `${LUA_NOW}redis.call('HSET', KEYS[1], 'state', 'pending', 'since', now, 'memberSeq', 1, 'msgSeq', 0, unpack(ARGV, 3))
redis.call('HSET', KEYS[2], ARGV[1], '1:owner:' .. ARGV[2])
return 1`,
  ),

  /**
   * KEYS: group info. ARGV: at, then field/value pairs to set. Returns {1, previous name} for an
   * active group, false otherwise.
   */
  groupUpdate: new RedisScript(
    'groupUpdate',
    `if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return false end
local previous = redis.call('HGET', KEYS[1], 'name')
if #ARGV > 1 then redis.call('HSET', KEYS[1], unpack(ARGV, 2)) end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[1])
return {1, previous}`,
  ),

  /** KEYS: group info. A new member id for an active group, 0 for a missing one. */
  allocMember: new RedisScript(
    'allocMember',
    `if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return 0 end
return redis.call('HINCRBY', KEYS[1], 'memberSeq', 1)`,
  ),

  /**
   * KEYS: group info, group members. ARGV: userId, memberId, role, joinedAt.
   * Returns {'added', memberId} | {'exists', existing member id} | {'nogroup', 0}.
   */
  memberAdd: new RedisScript(
    'memberAdd',
    `if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return {'nogroup', 0} end
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current then return {'exists', tonumber(string.match(current, '^(%d+):'))} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. ARGV[3] .. ':' .. ARGV[4])
return {'added', tonumber(ARGV[2])}`,
  ),

  /** KEYS: group info, group members. ARGV: userId. Returns the removed member id, or 0. */
  memberRemove: new RedisScript(
    'memberRemove',
    `if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return 0 end
local current = redis.call('HGET', KEYS[2], ARGV[1])
if not current then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
return tonumber(string.match(current, '^(%d+):'))`,
  ),

  /** KEYS: group info, group members. ARGV: userId, role. Returns 1 if a member's role was set. */
  memberRole: new RedisScript(
    'memberRole',
    `if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return 0 end
local current = redis.call('HGET', KEYS[2], ARGV[1])
if not current then return 0 end
local id, joined = string.match(current, '^(%d+):[a-z]+:(-?%d+)$')
redis.call('HSET', KEYS[2], ARGV[1], id .. ':' .. ARGV[2] .. ':' .. joined)
return 1`,
  ),

  /**
   * The group message commit, on the group's slot. KEYS: group info, history zset, dedup key.
   * ARGV: record JSON without id (an object), hasDedup, dedupMs, maxLength, historyTtlMs.
   * Returns {1, record} | {0, original record} | {-1, ''} when the group does not exist.
   */
  groupAppend: new RedisScript(
    'groupAppend',
    `${LUA_TRIM_ZSET}if redis.call('HGET', KEYS[1], 'state') ~= 'active' then return {-1, ''} end
if ARGV[2] == '1' then
  local seen = redis.call('GET', KEYS[3])
  if seen then
    redis.call('SET', KEYS[3], seen, 'KEEPTTL') -- a write, for the WAIT after it (as in storeDirect)
    return {0, seen}
  end
end
local id = redis.call('HINCRBY', KEYS[1], 'msgSeq', 1)
local record = '{"id":' .. string.format('%d', id) .. ',' .. string.sub(ARGV[1], 2)
redis.call('ZADD', KEYS[2], id, record)
trimZset(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
if ARGV[2] == '1' then redis.call('SET', KEYS[3], record, 'PX', ARGV[3]) end
return {1, record}`,
  ),
} as const;
