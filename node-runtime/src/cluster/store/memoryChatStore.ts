/**
 * The embedded ChatStore: everything in this process's memory. Several in-process nodes may
 * share one instance (the console's sandbox cluster). Lists are capped so a long demo cannot
 * grow without bound; the caps mirror the retention the Redis store gets from TTLs.
 */
import { MEMORY_HEALTH, type BackendHealth } from '../backendHealth.js';
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
import { BoundedLog } from './boundedLog.js';

export interface MemoryChatStoreLimits {
  /** Messages kept per conversation, per mailbox and per group history. */
  maxListLength: number;
  /** How long a clientMsgId is remembered for retries. */
  dedupWindowMs: number;
}

const DEFAULT_LIMITS: MemoryChatStoreLimits = { maxListLength: 10_000, dedupWindowMs: 24 * 3600_000 };

interface Mailbox {
  log: BoundedLog<MailboxEntry>;
  nextSeq: number;
  acked: number;
  offline: number[];
}

interface Group extends Omit<GroupRecord, 'memberCount'> {
  members: Map<number, MemberRecord>;
  history: BoundedLog<GroupMessageRecord>;
}

export class MemoryChatStore implements ChatStore {
  readonly kind = 'memory';

  health(): BackendHealth {
    return MEMORY_HEALTH;
  }
  private readonly limits: MemoryChatStoreLimits;
  private nextUserId = 1;
  private nextGroupId = 1;
  private nextMemberId = 1;
  private nextGroupMessageId = 1;
  private readonly users = new Map<number, UserRecord>();
  private readonly byUuid = new Map<string, number>();
  private readonly byUsername = new Map<string, number>();
  private readonly byEmail = new Set<string>();
  private readonly mailboxes = new Map<number, Mailbox>();
  private readonly conversations = new Map<string, BoundedLog<DirectHistoryEntry>>();
  private readonly relationSets = new Map<number, Set<number>>();
  private readonly groups = new Map<number, Group>();
  private readonly groupNames = new Set<string>();
  private readonly groupsByUser = new Map<number, Set<number>>();
  /** `<senderId>:<clientMsgId>` → the first outcome and when it stops counting. */
  private readonly directDedup = new Map<string, { entry: MailboxEntry; expires: number }>();
  private readonly groupDedup = new Map<string, { record: GroupMessageRecord; expires: number }>();

  constructor(limits: Partial<MemoryChatStoreLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    if (this.byUsername.has(user.username)) throw new StoreConflictError('username');
    if (this.byEmail.has(user.email)) throw new StoreConflictError('email');
    const record: UserRecord = { ...user, id: this.nextUserId++, lastLogin: user.createdAt };
    this.users.set(record.id, record);
    this.byUuid.set(record.uuid, record.id);
    this.byUsername.set(record.username, record.id);
    this.byEmail.add(record.email);
    return { ...record };
  }

  async getUserById(id: number): Promise<UserRecord | null> {
    const user = this.users.get(id);
    return user ? { ...user } : null;
  }

  async getUserByUuid(uuid: string): Promise<UserRecord | null> {
    const id = this.byUuid.get(uuid);
    return id === undefined ? null : this.getUserById(id);
  }

  async getUserByUsername(username: string): Promise<UserRecord | null> {
    const id = this.byUsername.get(username);
    return id === undefined ? null : this.getUserById(id);
  }

  async getUsersByIds(ids: readonly number[]): Promise<UserRecord[]> {
    const found: UserRecord[] = [];
    for (const id of ids) {
      const user = this.users.get(id);
      if (user) found.push({ ...user });
    }
    return found;
  }

  async recordLogin(userId: number, at: number): Promise<number> {
    const user = this.users.get(userId);
    if (!user) throw new NotFoundError('user');
    const previous = user.lastLogin;
    user.lastLogin = at;
    return previous;
  }

  async storeDirectMessage(message: DirectMessageInput): Promise<{ seq: number; duplicateOf?: MailboxEntry }> {
    const dedupKey = message.clientMsgId ? `${message.fromId}:${message.clientMsgId}` : null;
    if (dedupKey) {
      const seen = this.directDedup.get(dedupKey);
      if (seen && seen.expires > message.sentAt) return { seq: seen.entry.seq, duplicateOf: { ...seen.entry } };
    }
    const box = this.mailbox(message.toId);
    const entry: MailboxEntry = { ...message, seq: box.nextSeq++ };
    box.log.push(entry);
    this.conversation(message.fromId, message.toId).push({
      fromId: message.fromId,
      content: message.content,
      sentAt: message.sentAt,
    });
    this.relationSet(message.fromId).add(message.toId);
    this.relationSet(message.toId).add(message.fromId);
    if (dedupKey) {
      this.directDedup.set(dedupKey, { entry, expires: message.sentAt + this.limits.dedupWindowMs });
      this.sweepDedup(this.directDedup, message.sentAt);
    }
    return { seq: entry.seq };
  }

  async addToOfflineInbox(userId: number, seqs: readonly number[]): Promise<void> {
    const box = this.mailbox(userId);
    box.offline.push(...seqs);
    if (box.offline.length > this.limits.maxListLength) box.offline.splice(0, box.offline.length - this.limits.maxListLength);
  }

  async takeOfflineInbox(userId: number): Promise<MailboxEntry[]> {
    const box = this.mailboxes.get(userId);
    if (!box || box.offline.length === 0) return [];
    const wanted = new Set(box.offline);
    box.offline = [];
    return box.log.filter((entry) => wanted.has(entry.seq)).map((entry) => ({ ...entry }));
  }

  async readMailbox(userId: number, afterSeq: number, limit: number): Promise<{ entries: MailboxEntry[]; hasMore: boolean }> {
    const box = this.mailboxes.get(userId);
    if (!box) return { entries: [], hasMore: false };
    const after = box.log.filter((entry) => entry.seq > afterSeq);
    return { entries: after.slice(0, limit).map((entry) => ({ ...entry })), hasMore: after.length > limit };
  }

  async ackMailbox(userId: number, seq: number): Promise<void> {
    const box = this.mailbox(userId);
    // Never ahead of what exists: a hostile ack of 2^53 must not hide future messages.
    box.acked = Math.max(box.acked, Math.min(seq, box.nextSeq - 1));
  }

  async getMailboxAck(userId: number): Promise<number> {
    return this.mailboxes.get(userId)?.acked ?? 0;
  }

  async directHistory(userA: number, userB: number, limit: number): Promise<DirectHistoryEntry[]> {
    const log = this.conversations.get(conversationKey(userA, userB));
    return log ? log.tail(limit).map((entry) => ({ ...entry })) : [];
  }

  async relations(userId: number): Promise<number[]> {
    return [...(this.relationSets.get(userId) ?? [])];
  }

  async createGroup(group: NewGroup): Promise<GroupRecord> {
    if (this.groupNames.has(group.name)) throw new StoreConflictError('group_name');
    const id = this.nextGroupId++;
    const stored: Group = {
      ...group,
      id,
      updatedAt: group.createdAt,
      members: new Map(),
      history: new BoundedLog(this.limits.maxListLength),
    };
    this.groups.set(id, stored);
    this.groupNames.add(group.name);
    this.putMember(stored, group.ownerId, 'owner', group.createdAt);
    return toGroupRecord(stored);
  }

  async getGroup(groupId: number): Promise<GroupRecord | null> {
    const group = this.groups.get(groupId);
    return group ? toGroupRecord(group) : null;
  }

  async updateGroup(groupId: number, patch: { name?: string; description?: string; avatar?: string }, at: number): Promise<boolean> {
    const group = this.groups.get(groupId);
    if (!group) return false;
    if (patch.name !== undefined && patch.name !== group.name) {
      if (this.groupNames.has(patch.name)) throw new StoreConflictError('group_name');
      this.groupNames.delete(group.name);
      this.groupNames.add(patch.name);
      group.name = patch.name;
    }
    if (patch.description !== undefined) group.description = patch.description;
    if (patch.avatar !== undefined) group.avatar = patch.avatar;
    group.updatedAt = at;
    return true;
  }

  async addMember(groupId: number, userId: number, role: GroupRole, at: number): Promise<MemberRecord> {
    const group = this.groups.get(groupId);
    if (!group) throw new NotFoundError('group');
    if (group.members.has(userId)) throw new StoreConflictError('member');
    return { ...this.putMember(group, userId, role, at) };
  }

  async removeMember(groupId: number, userId: number): Promise<boolean> {
    const group = this.groups.get(groupId);
    if (!group || !group.members.delete(userId)) return false;
    this.groupsByUser.get(userId)?.delete(groupId);
    return true;
  }

  async getMember(groupId: number, userId: number): Promise<MemberRecord | null> {
    const member = this.groups.get(groupId)?.members.get(userId);
    return member ? { ...member } : null;
  }

  async listMembers(groupId: number): Promise<MemberRecord[]> {
    const group = this.groups.get(groupId);
    return group ? [...group.members.values()].map((member) => ({ ...member })) : [];
  }

  async setMemberRole(groupId: number, userId: number, role: GroupRole): Promise<boolean> {
    const member = this.groups.get(groupId)?.members.get(userId);
    if (!member) return false;
    member.role = role;
    return true;
  }

  async groupsOfUser(userId: number): Promise<GroupRecord[]> {
    const ids = [...(this.groupsByUser.get(userId) ?? [])].sort((a, b) => a - b);
    return ids.flatMap((id) => {
      const group = this.groups.get(id);
      return group ? [toGroupRecord(group)] : [];
    });
  }

  async appendGroupMessage(message: GroupMessageInput): Promise<{ record: GroupMessageRecord; duplicate: boolean }> {
    const group = this.groups.get(message.groupId);
    if (!group) throw new NotFoundError('group');
    const dedupKey = message.clientMsgId ? `${message.groupId}:${message.senderId}:${message.clientMsgId}` : null;
    if (dedupKey) {
      const seen = this.groupDedup.get(dedupKey);
      if (seen && seen.expires > message.createdAt) return { record: { ...seen.record }, duplicate: true };
    }
    const record: GroupMessageRecord = { ...message, id: this.nextGroupMessageId++ };
    group.history.push(record);
    if (dedupKey) {
      this.groupDedup.set(dedupKey, { record, expires: message.createdAt + this.limits.dedupWindowMs });
      this.sweepDedup(this.groupDedup, message.createdAt);
    }
    return { record: { ...record }, duplicate: false };
  }

  async groupHistory(groupId: number, beforeId: number, limit: number): Promise<GroupMessageRecord[]> {
    const group = this.groups.get(groupId);
    if (!group) return [];
    return group.history.newestFirst((record) => beforeId === 0 || record.id < beforeId, limit).map((record) => ({ ...record }));
  }

  async close(): Promise<void> {}

  private putMember(group: Group, userId: number, role: GroupRole, at: number): MemberRecord {
    const member: MemberRecord = { id: this.nextMemberId++, groupId: group.id, userId, role, joinedAt: at };
    group.members.set(userId, member);
    let joined = this.groupsByUser.get(userId);
    if (!joined) this.groupsByUser.set(userId, (joined = new Set()));
    joined.add(group.id);
    return member;
  }

  private mailbox(userId: number): Mailbox {
    let box = this.mailboxes.get(userId);
    if (!box) {
      box = { log: new BoundedLog(this.limits.maxListLength), nextSeq: 1, acked: 0, offline: [] };
      this.mailboxes.set(userId, box);
    }
    return box;
  }

  private conversation(a: number, b: number): BoundedLog<DirectHistoryEntry> {
    const key = conversationKey(a, b);
    let log = this.conversations.get(key);
    if (!log) this.conversations.set(key, (log = new BoundedLog(this.limits.maxListLength)));
    return log;
  }

  private relationSet(userId: number): Set<number> {
    let set = this.relationSets.get(userId);
    if (!set) this.relationSets.set(userId, (set = new Set()));
    return set;
  }

  /** Drops expired dedup keys a few at a time (Map keeps insertion order, so the oldest come first). */
  private sweepDedup(map: Map<string, { expires: number }>, now: number): void {
    let budget = 8;
    for (const [key, value] of map) {
      if (value.expires > now || budget-- === 0) break;
      map.delete(key);
    }
  }
}

function conversationKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function toGroupRecord(group: Group): GroupRecord {
  const { members, history: _history, ...fields } = group;
  return { ...fields, memberCount: members.size };
}
