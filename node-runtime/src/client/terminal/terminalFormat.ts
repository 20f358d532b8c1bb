/** Turns replies and pushes into the terminal client's lines. Pure functions: easy to test, no I/O. */
import { MsgId, msgIdName } from '../../protocol/messageIds.js';
import type * as R from '../replyTypes.js';
import { isGroupError } from '../replyTypes.js';

export function formatTextPush(push: R.TextPush): string {
  const seq = push.seq === undefined ? '' : ` #${push.seq}`;
  return `[from ${push.from_user_id}${seq}] ${push.content}`;
}

export function formatGroupPush(push: R.GroupTextPush): string {
  return `[group ${push.group_id}] ${push.from_username || push.from_user_uuid || push.from_user_id}: ${push.content}`;
}

export function formatNotification(frame: { id: number; body: unknown }): string {
  const generic = frame.body as { code?: unknown; message?: unknown } | null;
  // 99 is chat-zinx's GenericMessageResp {code, message}: show it as the error it is.
  if (frame.id === MsgId.ErrorResp && typeof generic?.message === 'string') return `error from server (code ${String(generic.code)}): ${generic.message}`;
  const body = typeof frame.body === 'string' ? frame.body : JSON.stringify(frame.body);
  return `[notification ${frame.id} ${msgIdName(frame.id)}] ${body}`;
}

/** Unix seconds as local `YYYY-MM-DD HH:MM:SS`, like chat-zinx's group times. */
export function formatUnixTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return String(seconds);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `ok: …` for `{message}` replies, `error: …` for `{error}` ones. */
export function formatGroupMessage(reply: R.GroupReply<R.GroupMessageReply>): string {
  return isGroupError(reply) ? `error: ${reply.error}` : `ok: ${reply.message}`;
}

export function formatCreatedGroup(reply: R.GroupReply<R.CreatedGroup>): string {
  if (isGroupError(reply)) return `error: ${reply.error}`;
  return `group created: id=${reply.id} name=${JSON.stringify(reply.name)} members=${reply.member_count}`;
}

export function formatMembers(reply: R.GroupReply<R.GroupMembersReply>): string[] {
  if (isGroupError(reply)) return [`error: ${reply.error}`];
  const members = reply.members ?? [];
  return [
    `group ${reply.group_id}: ${reply.total} member(s)`,
    ...members.map(
      (m) => `  user ${m.user_id} ${m.username} ${m.role}${m.is_online ? ' online' : ''} uuid=${m.user_uuid}`,
    ),
  ];
}

export function formatMyGroups(reply: R.GroupReply<R.UserGroupsReply>): string[] {
  if (isGroupError(reply)) return [`error: ${reply.error}`];
  const groups = reply.groups ?? [];
  if (groups.length === 0) return ['my groups: none'];
  return [
    `my groups: ${reply.total}`,
    ...groups.map((g) => `  ${g.id} ${JSON.stringify(g.name)} (${g.member_count} members)${g.description ? ` ${g.description}` : ''}`),
  ];
}

export function formatGroupDetails(reply: R.GroupReply<R.GroupDetails>): string[] {
  if (isGroupError(reply)) return [`error: ${reply.error}`];
  return [
    `group ${reply.id} ${JSON.stringify(reply.name)}: owner=${reply.owner_user_id} members=${reply.member_count}`,
    `  description: ${reply.description}`,
    `  created ${reply.created_at}, updated ${reply.updated_at}`,
  ];
}

export function formatGroupHistory(groupId: number, reply: R.GroupReply<R.GroupHistoryReply>): string[] {
  if (isGroupError(reply)) return [`error: ${reply.error}`];
  const messages = reply.messages ?? [];
  const lines = [`group ${groupId} history: ${messages.length} message(s), newest first`];
  for (const m of messages) lines.push(`  #${m.id} [${formatUnixTime(m.timestamp)}] ${m.sender_name}: ${m.content}`);
  const oldest = messages[messages.length - 1];
  if (reply.has_more && oldest) lines.push(`  more: /ghistory ${groupId} ${oldest.id}`);
  return lines;
}

export function formatHistory(target: string, reply: R.HistoryReply): string[] {
  if (reply.code !== 0) return [`error: history failed (code ${reply.code}): ${reply.message}`];
  const items = reply.data ?? [];
  return [
    `history with ${target}: ${items.length} message(s)`,
    ...items.map((m) => `  [${formatUnixTime(m.timestamp)}] ${m.from_user_id}: ${m.content}`),
  ];
}

export function formatRelations(reply: R.RelationsReply): string {
  if (reply.code !== 0) return `error: relations failed (code ${reply.code}): ${reply.message}`;
  const peers = reply.data ?? [];
  return `chat peers: ${peers.length > 0 ? peers.join(', ') : 'none'}`;
}

export function formatSendAck(to: string, ack: R.SendAck | undefined): string {
  if (!ack) return `sent to ${to} (legacy protocol: no delivery receipt)`;
  if (ack.status !== 0) return `error: send failed (status ${ack.status}): ${ack.error ?? 'no reason given'}`;
  return `sent to ${to} (msg_id=${ack.msg_id ?? '?'})`;
}

export function formatGroupSend(groupId: number, reply: R.GroupTextReply): string {
  if (reply.status !== 0) return `error: group send failed (status ${reply.status}): ${reply.error ?? 'no reason given'}`;
  return `sent to group ${groupId}${reply.msg_id ? ` (msg_id=${reply.msg_id})` : ''}`;
}

export function formatSync(since: number, reply: R.SyncReply): string[] {
  const messages = reply.messages ?? [];
  return [
    `sync since ${since}: ${messages.length} message(s), next_since=${reply.next_since}${reply.has_more ? ', more available' : ''}`,
    ...messages.map((m) => `  ${formatTextPush(m)}`),
  ];
}
