/** 219 → 220 leave a group; the owner cannot (§4.9). */
import { MsgId } from '../../protocol/messageIds.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleLeaveGroup = groupRequest({
  responseId: MsgId.LeaveGroupResp,
  schema: { group_id: 'uint64' },
  failurePrefix: '退出群组失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.leave(user, body.group_id);
    if (!result.ok) return replyError(connection, MsgId.LeaveGroupResp, `退出群组失败: ${result.error}`);
    reply(connection, MsgId.LeaveGroupResp, { message: '成功退出群组' });
  },
});
