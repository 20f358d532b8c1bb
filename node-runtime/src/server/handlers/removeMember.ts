/** 230 → 231 remove a member: the owner anyone but itself, an admin plain members (§4.9). */
import { MsgId } from '../../protocol/messageIds.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleRemoveMember = groupRequest({
  responseId: MsgId.RemoveMemberResp,
  schema: { group_id: 'uint64', target_user_id: 'uint64' },
  failurePrefix: '移除成员失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.remove(user, body.group_id, body.target_user_id);
    if (!result.ok) return replyError(connection, MsgId.RemoveMemberResp, `移除成员失败: ${result.error}`);
    reply(connection, MsgId.RemoveMemberResp, { message: '成员已从群组中移除' });
  },
});
