/**
 * What the tap makes of one bus message: its class (from the subject) and, when the payload is a
 * bus envelope (routing/busEnvelopes.ts), who sent it to whom from which node. Untrusted bytes:
 * anything that is not an envelope becomes a 'raw' message, never an error.
 */
import type { TrafficClass, TrafficTailEntry } from '../../../contract/index.js';

/** A tail entry's fields (without its tap sequence, time and preview) plus what filters and the inspector read. */
export interface TapMessage extends Omit<TrafficTailEntry, 'id' | 'at' | 'preview'> {
  /** Content, sender name or the payload text: what the text filter and the preview look at. */
  content: string;
  /** The parsed JSON (null when the payload is not JSON). */
  json: unknown;
  text: string;
}

export function classOf(subject: string): TrafficClass {
  if (subject.startsWith('chat.p2p.')) return 'p2p';
  if (subject.startsWith('chat.group.')) return 'group';
  if (subject.startsWith('system.membership.')) return 'membership';
  if (subject.startsWith('system.')) return 'system';
  return 'other';
}

export function readTapMessage(subject: string, data: Uint8Array): TapMessage {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const message: TapMessage = { subject, cls: classOf(subject), kind: 'raw', node: null, bytes: data.byteLength, fromUser: null, toUser: null, group: null, content: text, json: null, text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return message;
  }
  message.json = json;
  if (!isObject(json) || typeof json.origin !== 'string') return message;
  const node = typeof json.node === 'string' ? json.node : null;
  if (json.kind === 'p2p' && isObject(json.entry)) {
    const entry = json.entry;
    return { ...message, kind: 'p2p', node, fromUser: int(entry.fromId), toUser: int(entry.toId), content: str(entry.content) };
  }
  if (json.kind === 'group' && isObject(json.record)) {
    const record = json.record;
    return { ...message, kind: 'group', node, fromUser: int(record.senderId), group: int(record.groupId), content: `${str(record.senderName)}: ${str(record.content)}` };
  }
  if (json.kind === 'membership') {
    const verb = json.isMember === true ? 'joined' : 'left';
    return { ...message, kind: 'membership', node, toUser: int(json.userId), group: int(json.groupId), content: `user ${String(json.userId)} ${verb} group ${String(json.groupId)}` };
  }
  return message;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function int(value: unknown): number | null {
  return Number.isSafeInteger(value) ? (value as number) : null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
