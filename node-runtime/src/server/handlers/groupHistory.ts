/** 234 → 235 group history, newest first, paged by `last_id` (§4.9). Note the full-width colon in its errors. */
import { MsgId } from '../../protocol/messageIds.js';
import { unixSeconds } from '../../protocol/timeFormat.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleGroupHistory = groupRequest({
  responseId: MsgId.GroupHistoryMsgResp,
  schema: { group_id: 'uint64', last_id: 'uint64', limit: 'int' },
  failurePrefix: '获取历史消息失败：',
  badJsonText: '请求格式错误',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groupMessages.history(user, { groupId: body.group_id, lastId: body.last_id, limit: body.limit });
    if (!result.ok) {
      return replyError(connection, MsgId.GroupHistoryMsgResp, `获取历史消息失败：user ${user.id} is not a member of group ${body.group_id}`);
    }
    const messages = result.messages.map((message) => ({
      id: message.id,
      msg_id: message.msgId,
      sender_id: message.senderId,
      sender_uuid: message.senderUuid,
      sender_name: message.senderName,
      content: message.content,
      message_type: 'text',
      timestamp: unixSeconds(new Date(message.createdAt)),
    }));
    reply(connection, MsgId.GroupHistoryMsgResp, { group_id: body.group_id, messages, has_more: result.hasMore });
  },
});
