/**
 * Groups, members and group messages of the Redis chat store (the step order and why it is safe:
 * redisChatStore.ts). `{g:<id>}:members` is authoritative; `{u:<id>}:groups` maps group id →
 * member id and is trusted only where the member hash agrees.
 */
import type { ChainableCommander } from 'ioredis';
import type { RedisClient, RedisConnection } from './redisConnection.js';
import { runReplicated } from './redisReplicatedWrite.js';
import type { Logger } from '../../common/logger.js';
import type { GroupMessageInput, GroupMessageRecord, GroupRecord, GroupRole, MemberRecord, NewGroup } from './records.js';
import { NotFoundError, StoreConflictError } from './storeErrors.js';
import { ChatKeys } from './redisKeys.js';
import { ChatScripts } from './redisChatScripts.js';
import { claimValue, releaseValue } from './redisClaims.js';
import type { RedisChatStoreLimits } from './redisLimits.js';
import { CreationAbandonedError } from './redisErrors.js';
import * as rec from './redisRecords.js';

type Patch = { name?: string; description?: string; avatar?: string };

export class RedisGroups {
  private readonly client: RedisClient;

  constructor(
    private readonly connection: RedisConnection,
    private readonly limits: RedisChatStoreLimits,
    private readonly logger: Logger,
  ) {
    this.client = connection.client;
  }

  async create(group: NewGroup): Promise<GroupRecord> {
    const id = Number(await this.client.incr(ChatKeys.groupIds));
    const info = ChatKeys.groupInfo(id);
    const members = ChatKeys.groupMembers(id);
    const ownerLink = ChatKeys.userGroups(group.ownerId);
    await ChatScripts.groupCreate.run(this.client, [info, members], [String(group.ownerId), String(Math.trunc(group.createdAt)), ...rec.groupFields(group)]);
    let claimed = false;
    try {
      await this.client.hset(ownerLink, String(id), '1');
      const target = { index: ChatKeys.byGroupName, value: group.name, id, recordOf: ChatKeys.groupInfo };
      if (!(await claimValue(this.client, target, this.limits.claimStaleMs))) throw new StoreConflictError('group_name');
      claimed = true;
      if ((await ChatScripts.commit.run(this.client, [info], [])) !== rec.ACTIVE) throw new CreationAbandonedError('group');
    } catch (error) {
      try {
        if (claimed) await releaseValue(this.client, ChatKeys.byGroupName, group.name, id);
        await ChatScripts.releaseIndex.run(this.client, [ownerLink], [String(id), '1']);
        await this.client.del(info, members);
      } catch (cleanup) {
        this.logger.warn('rollback_incomplete', { what: 'group', id, error: rec.errorText(cleanup) });
      }
      throw error;
    }
    return { ...group, id, updatedAt: group.createdAt, memberCount: 1 };
  }

  async get(groupId: number): Promise<GroupRecord | null> {
    if (!rec.isId(groupId)) return null;
    const [info, count] = await this.exec(this.client.multi().hgetall(ChatKeys.groupInfo(groupId)).hlen(ChatKeys.groupMembers(groupId)));
    return rec.parseGroup(groupId, info as Record<string, string>, Number(count));
  }

  async update(groupId: number, patch: Patch, at: number): Promise<boolean> {
    const current = await this.get(groupId);
    if (!current) return false;
    const rename = patch.name !== undefined && patch.name !== current.name ? patch.name : undefined;
    if (rename !== undefined) {
      const target = { index: ChatKeys.byGroupName, value: rename, id: groupId, recordOf: ChatKeys.groupInfo };
      if (!(await claimValue(this.client, target, this.limits.claimStaleMs))) throw new StoreConflictError('group_name');
    }
    const fields: string[] = [];
    if (rename !== undefined) fields.push('name', rename);
    if (patch.description !== undefined) fields.push('description', patch.description);
    if (patch.avatar !== undefined) fields.push('avatar', patch.avatar);
    let reply: unknown;
    try {
      reply = await ChatScripts.groupUpdate.run(this.client, [ChatKeys.groupInfo(groupId)], [String(Math.trunc(at)), ...fields]);
    } catch (error) {
      if (rename !== undefined) await releaseValue(this.client, ChatKeys.byGroupName, rename, groupId).catch(() => undefined);
      throw error;
    }
    if (!Array.isArray(reply)) {
      if (rename !== undefined) await releaseValue(this.client, ChatKeys.byGroupName, rename, groupId);
      return false;
    }
    const previous = reply[1];
    if (rename !== undefined && typeof previous === 'string' && previous !== rename) {
      await releaseValue(this.client, ChatKeys.byGroupName, previous, groupId).catch((error: unknown) =>
        this.logger.warn('group_name_release_failed', { group: groupId, error: rec.errorText(error) }),
      );
    }
    return true;
  }

  async addMember(groupId: number, userId: number, role: GroupRole, at: number): Promise<MemberRecord> {
    if (!rec.isId(groupId) || !rec.isId(userId)) throw new NotFoundError('group');
    const info = ChatKeys.groupInfo(groupId);
    const link = ChatKeys.userGroups(userId);
    const memberId = Number(await ChatScripts.allocMember.run(this.client, [info], []));
    if (!(memberId > 0)) throw new NotFoundError('group');
    await this.client.hset(link, String(groupId), String(memberId));
    let reply: unknown;
    try {
      reply = await ChatScripts.memberAdd.run(this.client, [info, ChatKeys.groupMembers(groupId)], [String(userId), String(memberId), role, String(Math.trunc(at))]);
    } catch (error) {
      await ChatScripts.releaseIndex.run(this.client, [link], [String(groupId), String(memberId)]).catch(() => undefined);
      throw error;
    }
    if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new rec.RedisDataError('memberAdd reply', reply);
    const [outcome, existing] = reply as [string, number];
    if (outcome === 'added') return { id: memberId, groupId, userId, role, joinedAt: Math.trunc(at) };
    if (outcome === 'exists') {
      // Point the link back at the existing membership (and repair it if a failed step lost it).
      await ChatScripts.replaceIndex.run(this.client, [link], [String(groupId), String(memberId), String(existing)]);
      throw new StoreConflictError('member');
    }
    await ChatScripts.releaseIndex.run(this.client, [link], [String(groupId), String(memberId)]);
    throw new NotFoundError('group');
  }

  async removeMember(groupId: number, userId: number): Promise<boolean> {
    if (!rec.isId(groupId) || !rec.isId(userId)) return false;
    const removed = Number(await ChatScripts.memberRemove.run(this.client, [ChatKeys.groupInfo(groupId), ChatKeys.groupMembers(groupId)], [String(userId)]));
    if (!(removed > 0)) return false;
    await ChatScripts.releaseIndex.run(this.client, [ChatKeys.userGroups(userId)], [String(groupId), String(removed)]).catch((error: unknown) =>
      // A link left behind is ignored on read (the member hash no longer agrees).
      this.logger.warn('group_unlink_failed', { group: groupId, user: userId, error: rec.errorText(error) }),
    );
    return true;
  }

  async getMember(groupId: number, userId: number): Promise<MemberRecord | null> {
    if (!rec.isId(groupId) || !rec.isId(userId)) return null;
    const [state, raw] = await this.exec(
      this.client.multi().hget(ChatKeys.groupInfo(groupId), 'state').hget(ChatKeys.groupMembers(groupId), String(userId)),
    );
    return state === rec.ACTIVE ? rec.parseMember(groupId, userId, raw as string | null) : null;
  }

  async listMembers(groupId: number): Promise<MemberRecord[]> {
    if (!rec.isId(groupId)) return [];
    const [state, all] = await this.exec(this.client.multi().hget(ChatKeys.groupInfo(groupId), 'state').hgetall(ChatKeys.groupMembers(groupId)));
    if (state !== rec.ACTIVE) return [];
    return Object.entries(all as Record<string, string>).flatMap(([userId, raw]) => {
      const member = rec.parseMember(groupId, Number(userId), raw);
      return member ? [member] : [];
    });
  }

  async setMemberRole(groupId: number, userId: number, role: GroupRole): Promise<boolean> {
    if (!rec.isId(groupId) || !rec.isId(userId)) return false;
    const reply = await ChatScripts.memberRole.run(this.client, [ChatKeys.groupInfo(groupId), ChatKeys.groupMembers(groupId)], [String(userId), role]);
    return reply === 1;
  }

  async groupsOfUser(userId: number): Promise<GroupRecord[]> {
    if (!rec.isId(userId)) return [];
    const links = await this.client.hgetall(ChatKeys.userGroups(userId));
    const groups = await Promise.all(
      Object.entries(links).map(async ([groupText, memberText]) => {
        const groupId = Number(groupText);
        if (!rec.isId(groupId)) return null;
        const [info, count, raw] = await this.exec(
          this.client
            .multi()
            .hgetall(ChatKeys.groupInfo(groupId))
            .hlen(ChatKeys.groupMembers(groupId))
            .hget(ChatKeys.groupMembers(groupId), String(userId)),
        );
        const member = rec.parseMember(groupId, userId, raw as string | null);
        if (!member || String(member.id) !== memberText) return null;
        return rec.parseGroup(groupId, info as Record<string, string>, Number(count));
      }),
    );
    return groups.filter((group): group is GroupRecord => group !== null).sort((a, b) => a.id - b.id);
  }

  async appendMessage(message: GroupMessageInput): Promise<{ record: GroupMessageRecord; duplicate: boolean }> {
    const { groupId, senderId, clientMsgId } = message;
    if (!rec.isId(groupId) || !rec.isId(senderId)) throw new NotFoundError('group');
    const info = ChatKeys.groupInfo(groupId);
    // Acknowledged to the sender: on a Redis Cluster it waits for a replica too (redisReplicatedWrite.ts).
    const reply = await runReplicated(
      this.connection,
      ChatScripts.groupAppend,
      [info, ChatKeys.groupHistory(groupId), clientMsgId ? ChatKeys.groupDedup(groupId, senderId, clientMsgId) : info],
      [rec.groupBody(message), clientMsgId ? '1' : '0', this.limits.dedupWindowMs, this.limits.maxListLength, this.limits.groupHistoryTtlMs],
      this.limits.replicaWaitMs,
    );
    const [stored, json] = rec.pair(reply, 'groupAppend reply');
    if (stored === -1) throw new NotFoundError('group');
    return { record: rec.parseGroupMessage(json), duplicate: stored === 0 };
  }

  async history(groupId: number, beforeId: number, limit: number): Promise<GroupMessageRecord[]> {
    const take = Math.floor(limit);
    if (!rec.isId(groupId) || !(take > 0)) return [];
    const max = beforeId === 0 || !Number.isFinite(beforeId) ? '+inf' : `(${Math.floor(beforeId)}`;
    const raw = await this.client.zrevrangebyscore(ChatKeys.groupHistory(groupId), max, '-inf', 'LIMIT', 0, take);
    return raw.map((json) => rec.parseGroupMessage(json));
  }

  /** Runs a MULTI (one slot) and returns its replies, failing on the first command error. */
  private async exec(multi: ChainableCommander): Promise<unknown[]> {
    const results = await multi.exec();
    if (!results) throw new rec.RedisDataError('aborted transaction', null);
    return results.map(([error, value]) => {
      if (error) throw error;
      return value;
    });
  }
}
