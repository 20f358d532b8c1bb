/**
 * The bodies the server pushes (208 to a P2P recipient, 312 to group members) in chat-zinx's key
 * order, in a legacy form and, for connections that opted in to the extensions, an extended
 * form with the server's ids. Built once per message and shared by every recipient.
 */
import type { GroupMessageRecord, MailboxEntry } from '../cluster/store/records.js';
import { formatRfc3339, unixSeconds } from './timeFormat.js';

export interface DirectPushBody {
  from_user_id: string;
  to_user_id: string;
  content: string;
  type?: string;
  sent_at: string;
  msg_id?: string;
  seq?: number;
}

export function directPushBody(entry: MailboxEntry, extended: boolean): DirectPushBody {
  // Key order as chat-zinx writes it: from, to, content, type (only if set), sent_at.
  const sentAt = formatRfc3339(new Date(entry.sentAt));
  const body: DirectPushBody =
    entry.type !== ''
      ? { from_user_id: entry.fromUuid, to_user_id: entry.toInput, content: entry.content, type: entry.type, sent_at: sentAt }
      : { from_user_id: entry.fromUuid, to_user_id: entry.toInput, content: entry.content, sent_at: sentAt };
  if (extended) {
    body.msg_id = entry.msgId;
    body.seq = entry.seq;
  }
  return body;
}

export interface GroupPushBody {
  group_id: number;
  from_user_id: number;
  from_user_uuid: string;
  from_username: string;
  content: string;
  timestamp: number;
  msg_id?: string;
  id?: number;
}

export function groupPushBody(record: GroupMessageRecord, pushedAt: number, extended: boolean): GroupPushBody {
  const body: GroupPushBody = {
    group_id: record.groupId,
    from_user_id: record.senderId,
    from_user_uuid: record.senderUuid,
    from_username: record.senderName,
    content: record.content,
    timestamp: unixSeconds(new Date(pushedAt)),
  };
  if (extended) {
    body.msg_id = record.msgId;
    body.id = record.id;
  }
  return body;
}
