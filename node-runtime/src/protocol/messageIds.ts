/**
 * chat-zinx message ids as they travel on the wire: the values Go's `iota` computes
 * (reference §2), not the numbers in chat-zinx's source comments.
 */
export const MsgId = {
  Ping: 1,
  Pong: 2,
  ErrorResp: 99,
  RegisterReq: 102,
  RegisterResp: 103,
  LoginReq: 104,
  LoginResp: 105,
  LogoutReq: 106,
  LogoutResp: 107,
  TextMsg: 208,
  ImageMsg: 209,
  FileMsg: 210,
  HistoryMsgReq: 211,
  HistoryMsgResp: 212,
  ChatRelationReq: 213,
  ChatRelationResp: 214,
  CreateGroupReq: 215,
  CreateGroupResp: 216,
  JoinGroupReq: 217,
  JoinGroupResp: 218,
  LeaveGroupReq: 219,
  LeaveGroupResp: 220,
  GroupChatMsg: 221,
  GetGroupMembersReq: 222,
  GetGroupMembersResp: 223,
  GetUserGroupsReq: 224,
  GetUserGroupsResp: 225,
  UpdateGroupInfoReq: 226,
  UpdateGroupInfoResp: 227,
  SetMemberRoleReq: 228,
  SetMemberRoleResp: 229,
  RemoveMemberReq: 230,
  RemoveMemberResp: 231,
  GetGroupDetailsReq: 232,
  GetGroupDetailsResp: 233,
  GroupHistoryMsgReq: 234,
  GroupHistoryMsgResp: 235,
  GroupTextMsgReq: 310,
  GroupTextMsgResp: 311,
  GroupTextMsgPush: 312,
} as const;

/**
 * Extensions beyond chat-zinx live in 1000–1099, a range chat-zinx never uses (its server
 * ignores unknown ids). A connection only receives extension frames or fields after it
 * opted in with ExtHelloReq, so a legacy client sees exactly the frames it expects.
 */
export const ExtMsgId = {
  HelloReq: 1001,
  HelloResp: 1002,
  SendAck: 1003,
  DeliveryAck: 1004,
  SyncReq: 1005,
  SyncResp: 1006,
} as const;

export type MsgIdValue = (typeof MsgId)[keyof typeof MsgId];
export type ExtMsgIdValue = (typeof ExtMsgId)[keyof typeof ExtMsgId];

const names = new Map<number, string>([
  ...Object.entries(MsgId).map(([name, id]) => [id, name] as const),
  ...Object.entries(ExtMsgId).map(([name, id]) => [id, `Ext${name}`] as const),
]);

/** A readable name for logs and the console's inspector; unknown ids read as `Unknown(<id>)`. */
export function msgIdName(id: number): string {
  return names.get(id) ?? `Unknown(${id})`;
}
