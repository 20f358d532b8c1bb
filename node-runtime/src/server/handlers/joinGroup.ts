/** 217 → 218 join any group by id (chat-zinx's open group model, §8.11). */
import { MsgId } from '../../protocol/messageIds.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleJoinGroup = groupRequest({
  responseId: MsgId.JoinGroupResp,
  schema: { group_id: 'uint64' },
  failurePrefix: '加入群组失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.join(user, body.group_id);
    if (!result.ok) return replyError(connection, MsgId.JoinGroupResp, `加入群组失败: ${result.error}`);
    reply(connection, MsgId.JoinGroupResp, { message: '成功加入群组' });
  },
});
