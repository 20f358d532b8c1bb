/**
 * How the chat store's records look in Redis, both ways. Values written by this store are trusted
 * in shape, but read defensively: a hash left half-written by a failed step reads as "absent",
 * never as a broken record.
 */
import { ChatError } from '../../common/errors.js';
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

/** Redis answered something this store never writes. */
export class RedisDataError extends ChatError {
  override readonly name = 'RedisDataError';
  constructor(what: string, value: unknown) {
    super('REDIS_DATA_INVALID', `unexpected ${what} in Redis: ${JSON.stringify(value)?.slice(0, 200)}`);
  }
}

/** A record hash is visible to readers only once its creation committed. */
export const ACTIVE = 'active';

export function isId(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

export function userFields(user: NewUser): string[] {
  return [
    'uuid', user.uuid,
    'username', user.username,
    'email', user.email,
    'avatar', user.avatar,
    'passwordHash', user.passwordHash,
    'createdAt', String(user.createdAt),
    'lastLogin', String(user.createdAt),
  ];
}

export function parseUser(id: number, hash: Record<string, string>): UserRecord | null {
  if (hash.state !== ACTIVE) return null;
  const { uuid, username, email, avatar, passwordHash, createdAt, lastLogin } = hash;
  if (uuid === undefined || username === undefined || email === undefined || passwordHash === undefined) return null;
  return {
    id,
    uuid,
    username,
    email,
    avatar: avatar ?? '',
    passwordHash,
    createdAt: Number(createdAt ?? 0),
    lastLogin: Number(lastLogin ?? createdAt ?? 0),
  };
}

export function groupFields(group: NewGroup): string[] {
  return [
    'name', group.name,
    'ownerId', String(group.ownerId),
    'description', group.description,
    'avatar', group.avatar,
    'createdAt', String(group.createdAt),
    'updatedAt', String(group.createdAt),
  ];
}

export function parseGroup(id: number, hash: Record<string, string>, memberCount: number): GroupRecord | null {
  if (hash.state !== ACTIVE || hash.name === undefined) return null;
  return {
    id,
    name: hash.name,
    ownerId: Number(hash.ownerId ?? 0),
    description: hash.description ?? '',
    avatar: hash.avatar ?? '',
    memberCount,
    createdAt: Number(hash.createdAt ?? 0),
    updatedAt: Number(hash.updatedAt ?? hash.createdAt ?? 0),
  };
}

const ROLES: readonly GroupRole[] = ['owner', 'admin', 'member'];

/** `<memberId>:<role>:<joinedAt>` */
export function encodeMember(memberId: number, role: GroupRole, joinedAt: number): string {
  return `${memberId}:${role}:${Math.trunc(joinedAt)}`;
}

export function parseMember(groupId: number, userId: number, raw: string | null | undefined): MemberRecord | null {
  if (raw === null || raw === undefined) return null;
  const match = /^(\d+):([a-z]+):(-?\d+)$/.exec(raw);
  const role = match?.[2] as GroupRole | undefined;
  if (!match || role === undefined || !ROLES.includes(role)) throw new RedisDataError('member', raw);
  return { id: Number(match[1]), groupId, userId, role, joinedAt: Number(match[3]) };
}

/** The message as the mailbox keeps it, without its seq (the commit script adds it). */
export function directBody(message: DirectMessageInput): string {
  const body: DirectMessageInput = {
    msgId: message.msgId,
    fromId: message.fromId,
    fromUuid: message.fromUuid,
    toId: message.toId,
    toInput: message.toInput,
    content: message.content,
    type: message.type,
    sentAt: message.sentAt,
    ...(message.clientMsgId ? { clientMsgId: message.clientMsgId } : {}),
  };
  return JSON.stringify(body);
}

export function parseMailboxEntry(json: unknown): MailboxEntry {
  const entry = parseObject(json, 'mailbox entry');
  if (typeof entry.seq !== 'number' || typeof entry.msgId !== 'string' || typeof entry.fromId !== 'number' || typeof entry.toId !== 'number') {
    throw new RedisDataError('mailbox entry', json);
  }
  return entry as unknown as MailboxEntry;
}

export function historyEntry(message: DirectMessageInput): string {
  const entry: DirectHistoryEntry = { fromId: message.fromId, content: message.content, sentAt: message.sentAt };
  return JSON.stringify(entry);
}

export function parseHistoryEntry(json: unknown): DirectHistoryEntry {
  const entry = parseObject(json, 'history entry');
  if (typeof entry.fromId !== 'number' || typeof entry.content !== 'string' || typeof entry.sentAt !== 'number') {
    throw new RedisDataError('history entry', json);
  }
  return { fromId: entry.fromId, content: entry.content, sentAt: entry.sentAt };
}

/** The group message without its id (the commit script adds it). */
export function groupBody(message: GroupMessageInput): string {
  const body: GroupMessageInput = {
    msgId: message.msgId,
    groupId: message.groupId,
    senderId: message.senderId,
    senderUuid: message.senderUuid,
    senderName: message.senderName,
    content: message.content,
    createdAt: message.createdAt,
    ...(message.clientMsgId ? { clientMsgId: message.clientMsgId } : {}),
  };
  return JSON.stringify(body);
}

export function parseGroupMessage(json: unknown): GroupMessageRecord {
  const record = parseObject(json, 'group message');
  if (typeof record.id !== 'number' || typeof record.msgId !== 'string' || typeof record.groupId !== 'number' || typeof record.senderId !== 'number') {
    throw new RedisDataError('group message', json);
  }
  return record as unknown as GroupMessageRecord;
}

function parseObject(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'string') throw new RedisDataError(what, json);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new RedisDataError(what, json);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RedisDataError(what, json);
  return value as Record<string, unknown>;
}

/** `{number, string}` from a script. */
/**
 * The answer of a P2P commit script for a repeated clientMsgId (LUA_DEDUP_SEEN): flag 0 with the
 * original entry, or 2 with its seq when the mailbox no longer holds it (the retry carries the
 * same message). Null for any other flag.
 */
export function directDuplicate(flag: unknown, value: unknown, message: DirectMessageInput): { seq: number; duplicateOf: MailboxEntry } | null {
  if (flag === 0) {
    const entry = parseMailboxEntry(value);
    return { seq: entry.seq, duplicateOf: entry };
  }
  if (flag !== 2) return null;
  if (typeof value !== 'number' || !isId(value)) throw new RedisDataError('duplicate seq', value);
  return { seq: value, duplicateOf: { ...message, seq: value } };
}

export function pair(reply: unknown, what: string): [number, string] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'string') throw new RedisDataError(what, reply);
  return [reply[0], reply[1]];
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
