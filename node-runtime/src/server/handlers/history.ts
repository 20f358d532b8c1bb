/** 211 → 212 P2P history (§4.7): the newest `limit` messages with one peer, oldest first. */
import { decodeGoJson } from '../../protocol/goJson.js';
import { MsgId } from '../../protocol/messageIds.js';
import { unixSeconds } from '../../protocol/timeFormat.js';
import type { FrameHandler } from '../nodeContext.js';
import { reply } from '../reply.js';

const schema = { target_user_uuid: 'string', target_username: 'string', limit: 'int' } as const;

export const handleHistory: FrameHandler = async (ctx, connection, frame) => {
  const send = (body: unknown) => reply(connection, MsgId.HistoryMsgResp, body);
  if (!connection.user) return send({ code: 1, message: '用户未登录或会话无效' });
  const request = decodeGoJson(frame.body, schema);
  if (!request.ok) return send({ code: 2, message: '请求格式错误' });
  let result;
  try {
    result = await ctx.directMessages.history(connection.user, {
      targetUserUuid: request.value.target_user_uuid,
      targetUsername: request.value.target_username,
      limit: request.value.limit,
    });
  } catch (error) {
    connection.logger.error('history_failed', { error: String(error) });
    return send({ code: 4, message: '获取历史消息失败' });
  }
  if (!result.ok) {
    if (result.reason === 'no_target') return send({ code: 3, message: '必须提供目标用户的UUID或用户名' });
    if (result.reason === 'unknown_uuid') return send({ code: 3, message: `目标用户UUID ${result.target} 不存在` });
    return send({ code: 3, message: `目标用户 ${result.target} 不存在` });
  }
  const data = result.messages.map((message) => ({
    from_user_id: String(message.fromId),
    content: message.content,
    timestamp: unixSeconds(new Date(message.sentAt)),
  }));
  // `data` is omitempty in chat-zinx: left out when there are no messages.
  send(data.length > 0 ? { code: 0, message: '成功', data } : { code: 0, message: '成功' });
};
