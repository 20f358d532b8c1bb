/**
 * What nodes tell each other over the bus. Envelopes carry the stored record (with its ids), so
 * a receiving node can push it without another store read. Every envelope names the process
 * that sent it (`origin`), so a node skips what it already delivered locally, and its node id
 * (`node`, optional: older senders lack it) for the console's traffic tap. Decoding checks
 * the shape: a malformed envelope is dropped with a log line, never trusted.
 */
import type { GroupMessageRecord, MailboxEntry } from '../cluster/store/records.js';

export type BusEnvelope =
  | { kind: 'p2p'; origin: string; node?: string; entry: MailboxEntry }
  | { kind: 'group'; origin: string; node?: string; record: GroupMessageRecord; pushedAt: number }
  | { kind: 'membership'; origin: string; node?: string; groupId: number; userId: number; isMember: boolean };

export function encodeEnvelope(envelope: BusEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

export function decodeEnvelope(data: Uint8Array): BusEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.origin !== 'string') return null;
  switch (value.kind) {
    case 'p2p':
      return isMailboxEntry(value.entry) ? (value as BusEnvelope) : null;
    case 'group':
      return isGroupRecord(value.record) && isInt(value.pushedAt) ? (value as BusEnvelope) : null;
    case 'membership':
      return isInt(value.groupId) && isInt(value.userId) && typeof value.isMember === 'boolean' ? (value as BusEnvelope) : null;
    default:
      return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInt(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function isMailboxEntry(value: unknown): value is MailboxEntry {
  return (
    isObject(value) &&
    isInt(value.seq) &&
    isInt(value.fromId) &&
    isInt(value.toId) &&
    isInt(value.sentAt) &&
    ['msgId', 'fromUuid', 'toInput', 'content', 'type'].every((key) => typeof value[key] === 'string')
  );
}

function isGroupRecord(value: unknown): value is GroupMessageRecord {
  return (
    isObject(value) &&
    ['id', 'groupId', 'senderId', 'createdAt'].every((key) => isInt(value[key])) &&
    ['msgId', 'senderUuid', 'senderName', 'content'].every((key) => typeof value[key] === 'string')
  );
}
