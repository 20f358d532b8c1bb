/** Retention and timing limits of the Redis chat store. */
export interface RedisChatStoreLimits {
  /** Entries kept per mailbox, per conversation history, per group history and per offline inbox. */
  maxListLength: number;
  /** How long a clientMsgId is remembered for retries. */
  dedupWindowMs: number;
  /** Sliding TTL of a conversation's history (chat-zinx: 7 days). */
  historyTtlMs: number;
  /** Sliding TTL of a mailbox and its offline inbox. */
  mailboxTtlMs: number;
  /** Sliding TTL of a group's history; 0 = kept (capped only). */
  groupHistoryTtlMs: number;
  /** A record still 'pending' after this long lost its creator: its claims may be taken over. */
  claimStaleMs: number;
  /** Redis Cluster: how long a P2P or group message commit waits for its shard's replica (WAIT) before it is refused, not acked. */
  replicaWaitMs: number;
}

export const DEFAULT_REDIS_LIMITS: RedisChatStoreLimits = {
  maxListLength: 10_000,
  dedupWindowMs: 24 * 3600_000,
  historyTtlMs: 7 * 24 * 3600_000,
  mailboxTtlMs: 7 * 24 * 3600_000,
  groupHistoryTtlMs: 0,
  claimStaleMs: 60_000,
  replicaWaitMs: 1000,
};
