/** 228 → 229 make a member admin or member again; owner only (§4.9). */
import { MsgId } from '../../protocol/messageIds.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleSetMemberRole = groupRequest({
  responseId: MsgId.SetMemberRoleResp,
  schema: { group_id: 'uint64', target_user_id: 'uint64', new_role: 'string' },
  failurePrefix: '设置成员角色失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.setRole(user, body.group_id, body.target_user_id, body.new_role);
    if (!result.ok) return replyError(connection, MsgId.SetMemberRoleResp, `设置成员角色失败: ${result.error}`);
    reply(connection, MsgId.SetMemberRoleResp, { message: '成员角色设置成功' });
  },
});
