/**
 * Group commit of P2P messages on a single Redis server: every storeDirectMessage of one event-loop
 * turn goes out as ONE script that, per message and in arrival order, commits it (dedup check, seq,
 * mailbox entry, dedup key — the same steps as ChatScripts.storeDirect) and then writes its history
 * and both relations. One command instead of four per message: Redis and the node spend their time
 * on messages rather than on command overhead (bench/README.md, p2p-cross-node).
 *
 * Each message is its own protected call inside the script, so one message that fails (a key of the
 * wrong type) fails alone; a failed history or relations write is reported, not thrown, as on the
 * unbatched path (the message is committed and must still be pushed). A batch that fails as a whole
 * (Redis down) rejects every caller in it; nothing was acknowledged, and each sender retries.
 *
 * Not for Redis Cluster: the keys of one batch span slots. The store keeps the one-slot scripts
 * (and their WAIT for a replica) there.
 */
import type { Logger } from '../../common/logger.js';
import type { DirectMessageInput, MailboxEntry } from './records.js';
import type { RedisClient } from './redisConnection.js';
import type { RedisChatStoreLimits } from './redisLimits.js';
import { ChatKeys } from './redisKeys.js';
import * as rec from './redisRecords.js';
import { RedisScript } from './redisScript.js';
import { LUA_COMMIT_DIRECT } from './redisChatScripts.js';

/** Messages per script at most: bounds the time Redis spends in one script (and Lua's unpack limits). */
export const MAX_DIRECT_BATCH = 128;

const KEYS_PER_MESSAGE = 6;
const ARGS_PER_MESSAGE = 5;
const COMMON_ARGS = 4;

/**
 * KEYS per message: mailbox state, mailbox zset, dedup key (the state key when none), conversation
 * history, sender's relations, recipient's relations. ARGV: dedupMs, maxLength, mailboxTtlMs,
 * historyTtlMs, then per message: entry JSON without seq, hasDedup (1/0), history entry JSON,
 * fromId, toId. Returns per message three values: 1 stored / 0 duplicate / 2 duplicate whose
 * entry left the mailbox / -1 failed; the seq / the original entry / its seq / the error; '' or
 * the error of the secondary writes. (Only a duplicate sends its entry back: the caller already
 * has a new message's.)
 */
export const storeDirectBatchScript = new RedisScript(
  'storeDirectBatch',
  `${LUA_COMMIT_DIRECT}local dedupMs, maxLength, mailboxTtl, historyTtl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local function secondary(k, a)
  appendCapped(KEYS[k + 3], ARGV[a + 2], maxLength, historyTtl)
  redis.call('SADD', KEYS[k + 4], ARGV[a + 4])
  redis.call('SADD', KEYS[k + 5], ARGV[a + 3])
end
local function errText(e)
  if type(e) == 'table' then return tostring(e.err) end
  return tostring(e)
end
local out = {}
for i = 0, #KEYS / ${KEYS_PER_MESSAGE} - 1 do
  local k, a = i * ${KEYS_PER_MESSAGE} + 1, ${COMMON_ARGS} + i * ${ARGS_PER_MESSAGE} + 1
  local ok, stored, value = pcall(commitDirect, KEYS[k], KEYS[k + 1], KEYS[k + 2], ARGV[a], ARGV[a + 1] == '1', dedupMs, maxLength, mailboxTtl)
  if not ok then
    out[#out + 1] = -1
    out[#out + 1] = errText(stored)
    out[#out + 1] = ''
  else
    out[#out + 1] = stored
    out[#out + 1] = value
    local fine, problem = true, nil
    if stored == 1 then fine, problem = pcall(secondary, k, a) end
    out[#out + 1] = fine and '' or errText(problem)
  end
end
return out`,
  true,
);

export type StoredDirect = { seq: number; duplicateOf?: MailboxEntry };

interface Pending {
  message: DirectMessageInput;
  resolve: (stored: StoredDirect) => void;
  reject: (error: unknown) => void;
}

export class DirectCommitBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly client: RedisClient,
    private readonly limits: RedisChatStoreLimits,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the message is committed (with its history and relations written, or logged as failed). */
  store(message: DirectMessageInput): Promise<StoredDirect> {
    ChatKeys.conversation(message.fromId, message.toId); // validates both ids before anything is queued
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate, not nextTick: it runs after this turn's I/O callbacks, so frames read from many sockets in one turn share a script.
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.queue;
    this.queue = [];
    for (let i = 0; i < all.length; i += MAX_DIRECT_BATCH) void this.run(all.slice(i, i + MAX_DIRECT_BATCH));
  }

  private async run(batch: Pending[]): Promise<void> {
    const keys: string[] = [];
    const args: (string | number)[] = [this.limits.dedupWindowMs, this.limits.maxListLength, this.limits.mailboxTtlMs, this.limits.historyTtlMs];
    for (const { message } of batch) {
      const { fromId, toId, clientMsgId } = message;
      keys.push(
        ChatKeys.mailboxState(toId),
        ChatKeys.mailbox(toId),
        clientMsgId ? ChatKeys.directDedup(toId, fromId, clientMsgId) : ChatKeys.mailboxState(toId),
        ChatKeys.conversation(fromId, toId),
        ChatKeys.relations(fromId),
        ChatKeys.relations(toId),
      );
      args.push(rec.directBody(message), clientMsgId ? '1' : '0', rec.historyEntry(message), String(fromId), String(toId));
    }
    let reply: unknown;
    try {
      reply = await storeDirectBatchScript.run(this.client, keys, args);
      if (!Array.isArray(reply) || reply.length !== batch.length * 3) throw new rec.RedisDataError('storeDirectBatch reply', reply);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => this.settle(pending, reply as unknown[], index * 3));
  }

  private settle(pending: Pending, reply: unknown[], at: number): void {
    const [stored, value, problem] = [reply[at], reply[at + 1], reply[at + 2]];
    const { fromId, toId } = pending.message;
    try {
      if (stored === 1 && typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
        if (typeof problem === 'string' && problem !== '') {
          this.logger.error('direct_message_partial_write', { from: fromId, to: toId, seq: value, error: problem });
        }
        return pending.resolve({ seq: value });
      }
      if (stored === -1) throw new rec.RedisDataError('storeDirectBatch commit', value);
      const duplicate = rec.directDuplicate(stored, value, pending.message);
      if (!duplicate) throw new rec.RedisDataError('storeDirectBatch reply', [stored, value]);
      pending.resolve(duplicate);
    } catch (error) {
      pending.reject(error);
    }
  }
}
