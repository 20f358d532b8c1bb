/** Which handler answers which message id: the 17 inbound ids chat-zinx routes, plus the extensions. */
import { ExtMsgId, MsgId } from '../../protocol/messageIds.js';
import type { FrameHandler, FrameRunHandler } from '../nodeContext.js';
import { handleCreateGroup } from './createGroup.js';
import { handleDeliveryAck } from './deliveryAck.js';
import { handleExtHello } from './extHello.js';
import { handleGroupDetails } from './groupDetails.js';
import { handleGroupHistory } from './groupHistory.js';
import { handleGroupMembers } from './groupMembers.js';
import { handleGroupText, handleGroupTexts } from './groupText.js';
import { handlePing } from './heartbeat.js';
import { handleHistory } from './history.js';
import { handleJoinGroup } from './joinGroup.js';
import { handleLeaveGroup } from './leaveGroup.js';
import { handleLogin } from './login.js';
import { handleRegister } from './register.js';
import { handleRelations } from './relations.js';
import { handleRemoveMember } from './removeMember.js';
import { handleSetMemberRole } from './setMemberRole.js';
import { handleSync } from './sync.js';
import { handleTextMessage, handleTextMessages } from './textMessage.js';
import { handleUpdateGroup } from './updateGroup.js';
import { handleUserGroups } from './userGroups.js';

export const HANDLERS: ReadonlyArray<readonly [number, FrameHandler]> = [
  [MsgId.Ping, handlePing],
  [MsgId.RegisterReq, handleRegister],
  [MsgId.LoginReq, handleLogin],
  [MsgId.TextMsg, handleTextMessage],
  [MsgId.HistoryMsgReq, handleHistory],
  [MsgId.ChatRelationReq, handleRelations],
  [MsgId.CreateGroupReq, handleCreateGroup],
  [MsgId.JoinGroupReq, handleJoinGroup],
  [MsgId.LeaveGroupReq, handleLeaveGroup],
  [MsgId.GetGroupMembersReq, handleGroupMembers],
  [MsgId.GetUserGroupsReq, handleUserGroups],
  [MsgId.UpdateGroupInfoReq, handleUpdateGroup],
  [MsgId.SetMemberRoleReq, handleSetMemberRole],
  [MsgId.RemoveMemberReq, handleRemoveMember],
  [MsgId.GetGroupDetailsReq, handleGroupDetails],
  [MsgId.GroupHistoryMsgReq, handleGroupHistory],
  [MsgId.GroupTextMsgReq, handleGroupText],
  [ExtMsgId.HelloReq, handleExtHello],
  [ExtMsgId.DeliveryAck, handleDeliveryAck],
  [ExtMsgId.SyncReq, handleSync],
];

/** Handlers that take several back-to-back frames of their id at once (same replies, fewer round trips). */
export const RUN_HANDLERS: ReadonlyArray<readonly [number, FrameRunHandler]> = [
  [MsgId.TextMsg, handleTextMessages],
  [MsgId.GroupTextMsgReq, handleGroupTexts],
];
