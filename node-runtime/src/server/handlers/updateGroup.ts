/** 226 → 227 update name/description/avatar; owner or admin only (§4.9). */
import { MsgId } from '../../protocol/messageIds.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleUpdateGroup = groupRequest({
  responseId: MsgId.UpdateGroupInfoResp,
  schema: { group_id: 'uint64', name: 'string', description: 'string', avatar: 'string' },
  failurePrefix: '更新群组信息失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.update(user, {
      groupId: body.group_id,
      name: body.name,
      description: body.description,
      avatar: body.avatar,
    });
    if (!result.ok) return replyError(connection, MsgId.UpdateGroupInfoResp, `更新群组信息失败: ${result.error}`);
    reply(connection, MsgId.UpdateGroupInfoResp, { message: '群组信息更新成功' });
  },
});
