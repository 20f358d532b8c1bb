/** Plain records the ChatStore keeps. Times are milliseconds since the epoch. */

export interface UserRecord {
  id: number;
  uuid: string;
  username: string;
  email: string;
  avatar: string;
  passwordHash: string;
  createdAt: number;
  lastLogin: number;
}

export type NewUser = Omit<UserRecord, 'id' | 'lastLogin'>;

/** What a recipient is pushed for one P2P message, plus what storage needs to route and page it. */
export interface DirectMessageInput {
  msgId: string;
  fromId: number;
  fromUuid: string;
  toId: number;
  /** The recipient exactly as the sender typed it (chat-zinx echoes it in the push). */
  toInput: string;
  content: string;
  type: string;
  sentAt: number;
  clientMsgId?: string;
}

export interface MailboxEntry extends DirectMessageInput {
  seq: number;
}

export interface DirectHistoryEntry {
  fromId: number;
  content: string;
  sentAt: number;
}

export type GroupRole = 'owner' | 'admin' | 'member';

export interface GroupRecord {
  id: number;
  name: string;
  ownerId: number;
  description: string;
  avatar: string;
  memberCount: number;
  createdAt: number;
  updatedAt: number;
}

export type NewGroup = Pick<GroupRecord, 'name' | 'ownerId' | 'description' | 'avatar' | 'createdAt'>;

export interface MemberRecord {
  id: number;
  groupId: number;
  userId: number;
  role: GroupRole;
  joinedAt: number;
}

export interface GroupMessageInput {
  msgId: string;
  groupId: number;
  senderId: number;
  senderUuid: string;
  senderName: string;
  content: string;
  createdAt: number;
  clientMsgId?: string;
}

export interface GroupMessageRecord extends GroupMessageInput {
  id: number;
}
