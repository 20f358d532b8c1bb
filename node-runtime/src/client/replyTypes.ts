/**
 * Reply and push bodies as chat-zinx (reference §4) and our extensions (docs/protocol-extensions.md)
 * put them on the wire. Keys are the exact snake_case JSON tags; the envelopes differ per message
 * on purpose (Go parity), so each reply has its own type. Optional keys are the ones Go omits
 * (omitempty) or that only an opted-in connection sees.
 */

/** 103 RegisterResp: `data` only on success (code 0). */
export interface RegisterReply {
  code: number;
  msg: string;
  data?: RegisteredUser;
}

export interface RegisteredUser {
  id: number;
  user_uuid: string;
  username: string;
  email: string;
  avatar: string;
  token?: string;
}

/** 105 LoginResp: `data` only on success (code 0). */
export interface LoginReply {
  code: number;
  msg: string;
  data?: LoginData;
}

export interface LoginData {
  id: number;
  user_uuid: string;
  username: string;
  email: string;
  avatar: string;
  /** RFC 3339; the login *before* this one (or the registration time). */
  last_login: string;
  token: string;
}

/** 208 S→C push. `msg_id` and `seq` only on an extended connection. */
export interface TextPush {
  /** Sender's UUID in live pushes. */
  from_user_id: string;
  /** Exactly what the sender typed: uuid, username or numeric id. */
  to_user_id: string;
  content: string;
  type?: string;
  sent_at: string;
  msg_id?: string;
  /** Recipient's mailbox cursor (extension): increases by one per P2P message. */
  seq?: number;
}

/** 212 HistoryMsgResp (legacy shape; note `message`, not `msg`). `data` is absent when empty. */
export interface HistoryReply {
  code: number;
  message: string;
  data?: HistoryItem[];
}

export interface HistoryItem {
  /** The sender's *numeric* id as a decimal string (unlike live pushes, which carry the UUID). */
  from_user_id: string;
  content: string;
  /** Unix seconds. */
  timestamp: number;
}

/** 214 ChatRelationResp: `data` is peer numeric ids as strings; null when not logged in or on error. */
export interface RelationsReply {
  code: number;
  message: string;
  data: string[] | null;
}

/** Every group request (215–234) fails with this shape and nothing else. */
export interface GroupErrorReply {
  error: string;
}

/** A group reply: the success shape, or `{error}`. Tell them apart with {@link isGroupError}. */
export type GroupReply<T> = T | GroupErrorReply;

/** 218, 220, 227, 229, 231 success body. */
export interface GroupMessageReply {
  message: string;
}

/** 216 CreateGroupResp. `created_at` is `YYYY-MM-DD HH:MM:SS` (not RFC 3339). */
export interface CreatedGroup {
  id: number;
  name: string;
  owner_user_id: number;
  description: string;
  avatar: string;
  member_count: number;
  created_at: string;
}

/** 223 GetGroupMembersResp. */
export interface GroupMembersReply {
  group_id: number;
  members: GroupMember[];
  total: number;
}

export interface GroupMember {
  member_id: number;
  user_id: number;
  user_uuid: string;
  username: string;
  role: 'owner' | 'admin' | 'member' | (string & {});
  /** RFC 3339. */
  joined_at: string;
  is_online: boolean;
}

/** 225 GetUserGroupsResp. */
export interface UserGroupsReply {
  groups: UserGroup[];
  total: number;
}

export interface UserGroup {
  id: number;
  name: string;
  member_count: number;
  description: string;
}

/** 233 GetGroupDetailsResp. Times are `YYYY-MM-DD HH:MM:SS` strings. */
export interface GroupDetails {
  id: number;
  name: string;
  owner_user_id: number;
  description: string;
  avatar: string;
  member_count: number;
  created_at: string;
  updated_at: string;
}

/** 235 GroupHistoryMsgResp: newest first; page on with the last item's `id` as `last_id`. */
export interface GroupHistoryReply {
  group_id: number;
  messages: GroupHistoryItem[];
  has_more: boolean;
}

export interface GroupHistoryItem {
  id: number;
  msg_id: string;
  sender_id: number;
  sender_uuid: string;
  sender_name: string;
  content: string;
  message_type: string;
  /** Unix seconds. */
  timestamp: number;
}

/** 311 GroupTextMsgResp to the sender. `status` 0 is success. */
export interface GroupTextReply {
  msg_id?: string;
  status: number;
  error?: string;
  /** Echoed on an extended connection when the request carried one. */
  client_msg_id?: string;
}

/** 312 push to the other members. `msg_id` and `id` (history cursor) only on an extended connection. */
export interface GroupTextPush {
  group_id: number;
  from_user_id: number;
  from_user_uuid: string;
  from_username: string;
  content: string;
  /** Unix seconds at push time. */
  timestamp: number;
  msg_id?: string;
  id?: number;
}

/** 1002 ExtHelloResp. */
export interface ExtHelloReply {
  features: string[];
  server: string;
  node_id: string;
  max_frame: number;
}

/** 1003 SendAck. Status: 0 ok, 1 bad request, 2 not logged in, 3 unknown recipient, 4 storage failure. */
export interface SendAck {
  client_msg_id: string;
  status: number;
  msg_id?: string;
  to_user_uuid?: string;
  sent_at?: string;
  error?: string;
}

/** 1006 SyncResp: extended 208 push bodies with `seq > since`, in order. */
export interface SyncReply {
  messages: TextPush[];
  next_since: number;
  has_more: boolean;
}

export function isGroupError<T extends object>(reply: GroupReply<T>): reply is GroupErrorReply {
  return typeof (reply as Partial<GroupErrorReply>).error === 'string';
}
