/** 215 → 216 create a group; the creator becomes its owner (§4.9). */
import { MsgId } from '../../protocol/messageIds.js';
import { formatGoDateTime } from '../../protocol/timeFormat.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleCreateGroup = groupRequest({
  responseId: MsgId.CreateGroupResp,
  schema: { name: 'string', description: 'string', avatar: 'string' },
  failurePrefix: '创建群组失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.create(user, body);
    if (!result.ok) return replyError(connection, MsgId.CreateGroupResp, `创建群组失败: ${result.error}`);
    const group = result.value;
    reply(connection, MsgId.CreateGroupResp, {
      id: group.id,
      name: group.name,
      owner_user_id: group.ownerId,
      description: group.description,
      avatar: group.avatar,
      member_count: group.memberCount,
      created_at: formatGoDateTime(new Date(group.createdAt)),
    });
  },
});
