/**
 * ChatStore: everything a chat node persists. Async everywhere so the Redis store (cluster
 * mode) fits the same shape; each method is one atomic step where two nodes could race.
 */
import type { BackendHealth } from '../backendHealth.js';

import type {
  DirectMessageInput,
  DirectHistoryEntry,
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

export interface ChatStore {
  readonly kind: string;
  /** The backend's current state, without I/O (drivers track it from connection events). */
  health(): BackendHealth;

  // Accounts
  /** Throws StoreConflictError('username' | 'email') when either is taken. */
  createUser(user: NewUser): Promise<UserRecord>;
  getUserById(id: number): Promise<UserRecord | null>;
  getUserByUuid(uuid: string): Promise<UserRecord | null>;
  getUserByUsername(username: string): Promise<UserRecord | null>;
  getUsersByIds(ids: readonly number[]): Promise<UserRecord[]>;
  /** Sets last_login to `at` and returns the previous value (ms since epoch). */
  recordLogin(userId: number, at: number): Promise<number>;

  // P2P
  /**
   * Stores one P2P message: history, both relations and the recipient's mailbox (which gives
   * it a per-recipient `seq`). With a clientMsgId already seen from this sender, stores
   * nothing and returns the original message as `duplicateOf`.
   */
  storeDirectMessage(message: DirectMessageInput): Promise<{ seq: number; duplicateOf?: MailboxEntry }>;
  /** The legacy offline inbox: mailbox seqs that no connection received live. */
  addToOfflineInbox(userId: number, seqs: readonly number[]): Promise<void>;
  /** Reads and clears the offline inbox in one step, so two logins never both replay it. */
  takeOfflineInbox(userId: number): Promise<MailboxEntry[]>;
  readMailbox(userId: number, afterSeq: number, limit: number): Promise<{ entries: MailboxEntry[]; hasMore: boolean }>;
  /** Records that the user has every mailbox entry up to `seq` (never moves backwards). */
  ackMailbox(userId: number, seq: number): Promise<void>;
  getMailboxAck(userId: number): Promise<number>;
  /** The most recent `limit` messages between two users, oldest first. */
  directHistory(userA: number, userB: number, limit: number): Promise<DirectHistoryEntry[]>;
  relations(userId: number): Promise<number[]>;

  // Groups
  /** Creates the group with its owner as member. Throws StoreConflictError('group_name'). */
  createGroup(group: NewGroup): Promise<GroupRecord>;
  getGroup(groupId: number): Promise<GroupRecord | null>;
  /** Throws StoreConflictError('group_name'); returns false when the group does not exist. */
  updateGroup(groupId: number, patch: { name?: string; description?: string; avatar?: string }, at: number): Promise<boolean>;
  /** Throws NotFoundError('group') or StoreConflictError('member'). */
  addMember(groupId: number, userId: number, role: GroupRole, at: number): Promise<MemberRecord>;
  removeMember(groupId: number, userId: number): Promise<boolean>;
  getMember(groupId: number, userId: number): Promise<MemberRecord | null>;
  listMembers(groupId: number): Promise<MemberRecord[]>;
  setMemberRole(groupId: number, userId: number, role: GroupRole): Promise<boolean>;
  groupsOfUser(userId: number): Promise<GroupRecord[]>;

  // Group messages
  /** Appends to the group history (id = paging cursor); dedups by sender + clientMsgId like P2P. */
  appendGroupMessage(message: GroupMessageInput): Promise<{ record: GroupMessageRecord; duplicate: boolean }>;
  /** Newest first, ids < beforeId (0 = from the newest), at most `limit`. */
  groupHistory(groupId: number, beforeId: number, limit: number): Promise<GroupMessageRecord[]>;

  close(): Promise<void>;
}
