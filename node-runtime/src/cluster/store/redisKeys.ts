/**
 * The Redis key layout of the chat store and the presence store — the only place keys are built.
 *
 * Rules
 * - Key names contain numeric ids (and, for presence, validated node ids) only. Usernames, emails,
 *   uuids, group names, clientMsgIds and contents are VALUES (hash fields, list/zset members),
 *   never key parts: a clientMsgId reaches a key only as its SHA-1 hex digest.
 * - Every Lua script and every MULTI touches the keys of ONE hash slot (ready for Redis Cluster),
 *   except the two batch scripts that only ever run on a single server (redisDirectBatch.ts,
 *   redisPresenceLookups.ts):
 *   `{u:<userId>}` per user, `{c:<lo>:<hi>}` per conversation, `{g:<groupId>}` per group,
 *   `{p:<userId>}` per user's presence, `{n:<nodeId>}` per node. Global indexes and counters are
 *   single keys each. Operations spanning slots are ordered steps (see redisChatStore.ts).
 *
 * Chat store
 * | key                                   | type   | contents                                                        | retention |
 * |---------------------------------------|--------|-----------------------------------------------------------------|-----------|
 * | `ids:user`, `ids:group`               | string | id counters (INCR)                                              | forever   |
 * | `idx:username`, `idx:email`, `idx:uuid` | hash | value → user id; claimed with HSETNX                            | forever   |
 * | `idx:groupname`                       | hash   | group name → group id; claimed with HSETNX                      | forever   |
 * | `{u:<id>}:profile`                    | hash   | uuid, username, email, avatar, passwordHash, createdAt, lastLogin, state (pending/active/abandoned), since | forever |
 * | `{u:<id>}:mailbox`                    | hash   | seq (last mailbox seq), ack (delivery cursor)                   | forever (seqs never restart) |
 * | `{u:<id>}:mbox`                       | zset   | score seq → MailboxEntry JSON                                   | newest maxListLength; sliding mailboxTtlMs |
 * | `{u:<id>}:offline`                    | list   | mailbox seqs of the legacy offline inbox                        | newest maxListLength; sliding mailboxTtlMs |
 * | `{u:<to>}:dedup:<fromId>:<sha1(cmid)>`| string | the mailbox seq first stored for that clientMsgId (older keys: the whole entry) | dedupWindowMs (24 h) |
 * | `{u:<id>}:relations`                  | set    | partner user ids                                                | forever   |
 * | `{u:<id>}:groups`                     | hash   | group id → member record id (reverse index of memberships)      | forever   |
 * | `{c:<lo>:<hi>}:history`               | list   | {fromId, content, sentAt} JSON, oldest first                    | newest maxListLength; sliding historyTtlMs (7 d, like chat-zinx) |
 * | `{g:<id>}:info`                       | hash   | name, ownerId, description, avatar, createdAt, updatedAt, state, since, memberSeq, msgSeq | forever |
 * | `{g:<id>}:members`                    | hash   | user id → `<memberId>:<role>:<joinedAt>` (authoritative)        | forever   |
 * | `{g:<id>}:history`                    | zset   | score message id → GroupMessageRecord JSON                      | newest maxListLength; groupHistoryTtlMs (0 = none) |
 * | `{g:<id>}:dedup:<senderId>:<sha1(cmid)>` | string | the GroupMessageRecord JSON first stored for that clientMsgId | dedupWindowMs |
 *
 * Presence store
 * | key                       | type   | contents                                                               |
 * |---------------------------|--------|------------------------------------------------------------------------|
 * | `{p:<userId>}`            | hash   | node id → since (ms, Redis clock) — authoritative                      |
 * | `{n:<nodeId>}:users`      | zset   | user ids on the node (score = member = user id; paging index)          |
 * | `{n:<nodeId>}:alive`      | string | liveness, PX = keepNodeAlive's ttl                                      |
 * | `{n:<nodeId>}:meta`       | hash   | watched=1 once the node called keepNodeAlive (only such nodes are reaped) |
 * | `{n:<nodeId>}:reaping`    | string | reaper lock (SET NX PX), one survivor cleans a dead node               |
 * | `presence:nodes`          | set    | node ids that have (or recently had) entries                            |
 * | channel `presence:changes`| pubsub | PresenceChange JSON                                                    |
 */
import { createHash } from 'node:crypto';
import { ChatError } from '../../common/errors.js';

/** A value that cannot name a key (a non-integer id, an unsafe node id). */
export class InvalidKeyPartError extends ChatError {
  override readonly name = 'InvalidKeyPartError';
  constructor(what: string, value: unknown) {
    super('INVALID_KEY_PART', `${what} cannot be part of a Redis key: ${JSON.stringify(String(value).slice(0, 64))}`);
  }
}

/** Numeric ids in keys: non-negative safe integers only (NaN, 1.5, -1, 2^60 never name a key). */
export function idPart(id: number, what = 'id'): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new InvalidKeyPartError(what, id);
  return String(id);
}

const NODE_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** Node ids come from configuration (`--id`), but are checked anyway: no `{`, `}`, `:`, `*` or spaces. */
export function nodePart(nodeId: string): string {
  if (typeof nodeId !== 'string' || !NODE_ID.test(nodeId)) throw new InvalidKeyPartError('node id', nodeId);
  return nodeId;
}

export function isValidNodeId(nodeId: string): boolean {
  return typeof nodeId === 'string' && NODE_ID.test(nodeId);
}

/** SHA-1 hex of a client-chosen id: fixed length, safe characters, whatever the client sent. */
export function digest(value: string): string {
  return createHash('sha1').update(value, 'utf8').digest('hex');
}

export const ChatKeys = {
  userIds: 'ids:user',
  groupIds: 'ids:group',
  byUsername: 'idx:username',
  byEmail: 'idx:email',
  byUuid: 'idx:uuid',
  byGroupName: 'idx:groupname',
  profile: (userId: number) => `{u:${idPart(userId, 'user id')}}:profile`,
  mailboxState: (userId: number) => `{u:${idPart(userId, 'user id')}}:mailbox`,
  mailbox: (userId: number) => `{u:${idPart(userId, 'user id')}}:mbox`,
  offline: (userId: number) => `{u:${idPart(userId, 'user id')}}:offline`,
  directDedup: (toId: number, fromId: number, clientMsgId: string) =>
    `{u:${idPart(toId, 'user id')}}:dedup:${idPart(fromId, 'user id')}:${digest(clientMsgId)}`,
  relations: (userId: number) => `{u:${idPart(userId, 'user id')}}:relations`,
  userGroups: (userId: number) => `{u:${idPart(userId, 'user id')}}:groups`,
  conversation: (a: number, b: number) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return `{c:${idPart(lo, 'user id')}:${idPart(hi, 'user id')}}:history`;
  },
  groupInfo: (groupId: number) => `{g:${idPart(groupId, 'group id')}}:info`,
  groupMembers: (groupId: number) => `{g:${idPart(groupId, 'group id')}}:members`,
  groupHistory: (groupId: number) => `{g:${idPart(groupId, 'group id')}}:history`,
  groupDedup: (groupId: number, senderId: number, clientMsgId: string) =>
    `{g:${idPart(groupId, 'group id')}}:dedup:${idPart(senderId, 'user id')}:${digest(clientMsgId)}`,
} as const;

export const PresenceKeys = {
  user: (userId: number) => `{p:${idPart(userId, 'user id')}}`,
  nodeUsers: (nodeId: string) => `{n:${nodePart(nodeId)}}:users`,
  nodeAlive: (nodeId: string) => `{n:${nodePart(nodeId)}}:alive`,
  nodeMeta: (nodeId: string) => `{n:${nodePart(nodeId)}}:meta`,
  nodeReaping: (nodeId: string) => `{n:${nodePart(nodeId)}}:reaping`,
  nodes: 'presence:nodes',
  changes: 'presence:changes',
} as const;
