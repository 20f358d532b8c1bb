/** 213 → 214 chat relations (§4.8): peers' numeric ids as decimal strings. The body is never read. */
import { MsgId } from '../../protocol/messageIds.js';
import type { FrameHandler } from '../nodeContext.js';
import { reply } from '../reply.js';

export const handleRelations: FrameHandler = async (ctx, connection) => {
  const send = (body: unknown) => reply(connection, MsgId.ChatRelationResp, body);
  if (!connection.user) return send({ code: 1, message: '未登录用户', data: null });
  try {
    const peers = await ctx.directMessages.relations(connection.user.id);
    send({ code: 0, message: '成功', data: peers.map(String) });
  } catch (error) {
    connection.logger.error('relations_failed', { error: String(error) });
    send({ code: 2, message: '获取聊天关系失败', data: null });
  }
};
