/**
 * The cluster ChatStore on Redis (key layout: redisKeys.ts). Each method's commit point is one Lua
 * script or command on one hash slot; steps that span slots are ordered so that a failure between
 * any two of them leaves state that readers treat as consistent:
 *
 * - createUser / createGroup: new id (INCR) → record written 'pending' (invisible) → [group: the
 *   owner's reverse-index link] → claims (HSETNX; a conflict rolls back) → commit (pending → active,
 *   one script). Before the commit nothing is visible; a crash leaves a pending record whose claims
 *   go stale and are taken over (redisClaims.ts), and whose link is filtered out on read.
 * - storeDirectMessage: on one server, the messages of an event-loop turn share one script that
 *   commits each and writes its history and relations (redisDirectBatch.ts). On a Redis Cluster,
 *   ONE script on the recipient's slot commits durably (dedup check + seq + mailbox entry + dedup
 *   key; confirmed by a replica before it counts, see redisReplicatedWrite.ts), and history and
 *   relations follow as separate commands, sent together;
 *   if they fail the message is still delivered and synced (it is in the mailbox) and the failure
 *   is logged, not thrown: throwing would make the sender retry into the dedup and never push it.
 * - addMember: member id allocated (group slot) → reverse link written (user slot) → member added
 *   (group slot, the commit). The member hash is authoritative; a link is trusted only when the
 *   member hash holds the same member id, so a dangling link from a failed step is ignored, and a
 *   concurrent remove (which unlinks by compare-and-delete on its own member id) never drops a
 *   newer membership's link.
 * - updateGroup (rename): new name claimed → group updated (returns the previous name) → previous
 *   name released (compare-and-delete). A failure before the update releases the new claim.
 */
import type { BackendHealth } from '../backendHealth.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { ChatStore } from './chatStore.js';
import type {
  DirectHistoryEntry,
  DirectMessageInput,
  GroupMessageInput,
  GroupMessageRecord,
  GroupRecord,
  GroupRole,
  MailboxEntry,
  MemberRecord,
  NewGroup,
  NewUser,
  UserRecord,
} from './records.js';
import { NotFoundError, StoreConflictError } from './storeErrors.js';
import { ChatKeys } from './redisKeys.js';
import { ChatScripts } from './redisChatScripts.js';
import { claimValue, releaseValue } from './redisClaims.js';
import { openRedisConnection, type RedisClient, type RedisConnection, type RedisConnectionOptions } from './redisConnection.js';
import * as rec from './redisRecords.js';
import { RedisGroups } from './redisGroups.js';
import { DirectCommitBatcher } from './redisDirectBatch.js';
import { runReplicated } from './redisReplicatedWrite.js';
import { CreationAbandonedError, isCrossSlotError, UuidTakenError } from './redisErrors.js';
import { DEFAULT_REDIS_LIMITS, type RedisChatStoreLimits } from './redisLimits.js';

export { DEFAULT_REDIS_LIMITS, type RedisChatStoreLimits } from './redisLimits.js';
export { CreationAbandonedError, UuidTakenError } from './redisErrors.js';
export { RedisUnavailableError } from './redisConnection.js';
export { NotReplicatedError } from './redisReplicatedWrite.js';

export interface RedisChatStoreOptions extends Partial<Omit<RedisConnectionOptions, 'url' | 'name'>> {
  url: string;
  logger?: Logger;
  limits?: Partial<RedisChatStoreLimits>;
  /** How long connecting waits for Redis. Default 10 s. */
  readyTimeoutMs?: number;
}

export async function connectRedisChatStore(options: RedisChatStoreOptions): Promise<RedisChatStore> {
  const { url, logger, limits, readyTimeoutMs, ...connection } = options;
  const redis = await openRedisConnection({ ...connection, url, name: 'chat-store', ...(logger ? { logger } : {}) }, readyTimeoutMs);
  return new RedisChatStore(redis, { ...(logger ? { logger } : {}), ...(limits ? { limits } : {}) });
}

export class RedisChatStore implements ChatStore {
  readonly kind = 'redis';
  readonly limits: RedisChatStoreLimits;
  private readonly client: RedisClient;
  private readonly logger: Logger;
  private readonly groups: RedisGroups;
  private directBatcher: DirectCommitBatcher | null;

  constructor(
    private readonly connection: RedisConnection,
    options: { logger?: Logger; limits?: Partial<RedisChatStoreLimits> } = {},
  ) {
    this.client = connection.client;
    this.limits = { ...DEFAULT_REDIS_LIMITS, ...options.limits };
    this.logger = (options.logger ?? silentLogger).child({ backend: 'redis-store' });
    this.groups = new RedisGroups(connection, this.limits, this.logger);
    // One server: messages of one event-loop turn commit in one script. A cluster keeps per-slot scripts and their WAIT.
    this.directBatcher = connection.cluster ? null : new DirectCommitBatcher(this.client, this.limits, this.logger);
  }

  health(): BackendHealth {
    return this.connection.health();
  }

  /** Grows by one per reconnect (see RedisConnection.epoch). */
  connectionEpoch(): number {
    return this.connection.epoch;
  }

  // ── Accounts ──────────────────────────────────────────────────────────────────────────────

  async createUser(user: NewUser): Promise<UserRecord> {
    const id = Number(await this.client.incr(ChatKeys.userIds));
    const profile = ChatKeys.profile(id);
    await ChatScripts.writePending.run(this.client, [profile], rec.userFields(user));
    const claims: Array<{ index: string; value: string; conflict: () => Error }> = [
      { index: ChatKeys.byUsername, value: user.username, conflict: () => new StoreConflictError('username') },
      { index: ChatKeys.byEmail, value: user.email, conflict: () => new StoreConflictError('email') },
      { index: ChatKeys.byUuid, value: user.uuid, conflict: () => new UuidTakenError() },
    ];
    const held: typeof claims = [];
    try {
      for (const claim of claims) {
        const target = { index: claim.index, value: claim.value, id, recordOf: ChatKeys.profile };
        if (!(await claimValue(this.client, target, this.limits.claimStaleMs))) throw claim.conflict();
        held.push(claim);
      }
      if ((await ChatScripts.commit.run(this.client, [profile], [])) !== rec.ACTIVE) throw new CreationAbandonedError('user');
    } catch (error) {
      await this.rollback('user', id, [profile], held);
      throw error;
    }
    return { ...user, id, lastLogin: user.createdAt };
  }

  async getUserById(id: number): Promise<UserRecord | null> {
    if (!rec.isId(id)) return null;
    return rec.parseUser(id, await this.client.hgetall(ChatKeys.profile(id)));
  }

  async getUserByUuid(uuid: string): Promise<UserRecord | null> {
    const user = await this.byIndex(ChatKeys.byUuid, uuid);
    return user?.uuid === uuid ? user : null;
  }

  async getUserByUsername(username: string): Promise<UserRecord | null> {
    const user = await this.byIndex(ChatKeys.byUsername, username);
    return user?.username === username ? user : null;
  }

  async getUsersByIds(ids: readonly number[]): Promise<UserRecord[]> {
    const users = await Promise.all(ids.map((id) => this.getUserById(id)));
    return users.filter((user): user is UserRecord => user !== null);
  }

  async recordLogin(userId: number, at: number): Promise<number> {
    if (!rec.isId(userId)) throw new NotFoundError('user');
    const previous = await ChatScripts.recordLogin.run(this.client, [ChatKeys.profile(userId)], [String(Math.trunc(at))]);
    if (typeof previous !== 'string') throw new NotFoundError('user');
    return Number(previous);
  }

  // ── P2P ───────────────────────────────────────────────────────────────────────────────────

  async storeDirectMessage(message: DirectMessageInput): Promise<{ seq: number; duplicateOf?: MailboxEntry }> {
    if (this.directBatcher) {
      try {
        return await this.directBatcher.store(message);
      } catch (error) {
        // A cluster-mode server reached through a single-server URL refuses the cross-slot batch before running it.
        if (!isCrossSlotError(error)) throw error;
        this.logger.warn('redis_direct_batching_off', { reason: 'the server runs in cluster mode: one script per message from now on' });
        this.directBatcher = null;
      }
    }
    const { fromId, toId, clientMsgId } = message;
    const conversation = ChatKeys.conversation(fromId, toId); // validates both ids before anything is written
    const dedupKey = clientMsgId ? ChatKeys.directDedup(toId, fromId, clientMsgId) : ChatKeys.mailboxState(toId);
    // On a Redis Cluster the commit also waits for a replica (redisReplicatedWrite.ts): an acked message survives a failover.
    const reply = await runReplicated(
      this.connection,
      ChatScripts.storeDirect,
      [ChatKeys.mailboxState(toId), ChatKeys.mailbox(toId), dedupKey],
      [rec.directBody(message), clientMsgId ? '1' : '0', this.limits.dedupWindowMs, this.limits.maxListLength, this.limits.mailboxTtlMs],
      this.limits.replicaWaitMs,
    );
    const duplicate = Array.isArray(reply) ? rec.directDuplicate(reply[0], reply[1], message) : null;
    if (duplicate) return duplicate;
    const entry = rec.parseMailboxEntry(rec.pair(reply, 'storeDirect reply')[1]);

    // Committed. The rest is secondary: sent together, awaited so reads see it, never thrown.
    const results = await Promise.allSettled([
      ChatScripts.appendCapped.run(this.client, [conversation], [rec.historyEntry(message), this.limits.maxListLength, this.limits.historyTtlMs]),
      this.client.sadd(ChatKeys.relations(fromId), String(toId)),
      this.client.sadd(ChatKeys.relations(toId), String(fromId)),
    ]);
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.error('direct_message_partial_write', { from: fromId, to: toId, seq: entry.seq, error: rec.errorText(result.reason) });
      }
    }
    return { seq: entry.seq };
  }

  async addToOfflineInbox(userId: number, seqs: readonly number[]): Promise<void> {
    // Only the newest maxListLength can survive the trim anyway; chunks keep Lua's unpack() within its limits.
    const valid = seqs.filter((seq) => rec.isId(seq)).slice(-this.limits.maxListLength);
    if (valid.length === 0 || !rec.isId(userId)) return;
    for (let i = 0; i < valid.length; i += 1000) {
      await ChatScripts.offlineAdd.run(this.client, [ChatKeys.offline(userId)], [this.limits.maxListLength, this.limits.mailboxTtlMs, ...valid.slice(i, i + 1000)]);
    }
  }

  async takeOfflineInbox(userId: number): Promise<MailboxEntry[]> {
    if (!rec.isId(userId)) return [];
    const reply = await ChatScripts.offlineTake.run(this.client, [ChatKeys.offline(userId), ChatKeys.mailbox(userId)], []);
    if (!Array.isArray(reply)) throw new rec.RedisDataError('offlineTake reply', reply);
    return reply.map((json) => rec.parseMailboxEntry(json));
  }

  async readMailbox(userId: number, afterSeq: number, limit: number): Promise<{ entries: MailboxEntry[]; hasMore: boolean }> {
    if (!rec.isId(userId)) return { entries: [], hasMore: false };
    const after = Number.isFinite(afterSeq) ? Math.floor(afterSeq) : 0;
    const take = Math.max(0, Math.floor(limit));
    const raw = await this.client.zrangebyscore(ChatKeys.mailbox(userId), `(${after}`, '+inf', 'LIMIT', 0, take + 1);
    return { entries: raw.slice(0, take).map((json) => rec.parseMailboxEntry(json)), hasMore: raw.length > take };
  }

  async ackMailbox(userId: number, seq: number): Promise<void> {
    if (!rec.isId(userId) || !Number.isFinite(seq) || seq <= 0) return;
    await ChatScripts.ackMailbox.run(this.client, [ChatKeys.mailboxState(userId)], [String(Math.floor(seq))]);
  }

  async getMailboxAck(userId: number): Promise<number> {
    if (!rec.isId(userId)) return 0;
    return Number((await this.client.hget(ChatKeys.mailboxState(userId), 'ack')) ?? 0);
  }

  async directHistory(userA: number, userB: number, limit: number): Promise<DirectHistoryEntry[]> {
    const take = Math.floor(limit);
    if (!rec.isId(userA) || !rec.isId(userB) || !(take > 0)) return [];
    const raw = await this.client.lrange(ChatKeys.conversation(userA, userB), -take, -1);
    return raw.map((json) => rec.parseHistoryEntry(json));
  }

  async relations(userId: number): Promise<number[]> {
    if (!rec.isId(userId)) return [];
    return (await this.client.smembers(ChatKeys.relations(userId))).map(Number);
  }

  // ── Groups (redisGroups.ts) ───────────────────────────────────────────────────────────────

  createGroup(group: NewGroup): Promise<GroupRecord> {
    return this.groups.create(group);
  }
  getGroup(groupId: number): Promise<GroupRecord | null> {
    return this.groups.get(groupId);
  }
  updateGroup(groupId: number, patch: { name?: string; description?: string; avatar?: string }, at: number): Promise<boolean> {
    return this.groups.update(groupId, patch, at);
  }
  addMember(groupId: number, userId: number, role: GroupRole, at: number): Promise<MemberRecord> {
    return this.groups.addMember(groupId, userId, role, at);
  }
  removeMember(groupId: number, userId: number): Promise<boolean> {
    return this.groups.removeMember(groupId, userId);
  }
  getMember(groupId: number, userId: number): Promise<MemberRecord | null> {
    return this.groups.getMember(groupId, userId);
  }
  listMembers(groupId: number): Promise<MemberRecord[]> {
    return this.groups.listMembers(groupId);
  }
  setMemberRole(groupId: number, userId: number, role: GroupRole): Promise<boolean> {
    return this.groups.setMemberRole(groupId, userId, role);
  }
  groupsOfUser(userId: number): Promise<GroupRecord[]> {
    return this.groups.groupsOfUser(userId);
  }
  appendGroupMessage(message: GroupMessageInput): Promise<{ record: GroupMessageRecord; duplicate: boolean }> {
    return this.groups.appendMessage(message);
  }
  groupHistory(groupId: number, beforeId: number, limit: number): Promise<GroupMessageRecord[]> {
    return this.groups.history(groupId, beforeId, limit);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  private async byIndex(index: string, value: string): Promise<UserRecord | null> {
    const owner = await this.client.hget(index, value);
    return owner === null ? null : this.getUserById(Number(owner));
  }

  /** Undoes a creation that did not commit: gives its claims back, then deletes its record. Best effort. */
  private async rollback(what: string, id: number, keys: string[], claims: Array<{ index: string; value: string }>): Promise<void> {
    try {
      for (const claim of claims) await releaseValue(this.client, claim.index, claim.value, id);
      await this.client.del(...keys);
    } catch (error) {
      // What is left is harmless: a pending record nobody reads, and claims that go stale.
      this.logger.warn('rollback_incomplete', { what, id, error: rec.errorText(error) });
    }
  }
}
