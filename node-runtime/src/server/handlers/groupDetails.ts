/** 232 → 233 group details, members only (§4.9). */
import { GroupService } from '../../chat/groups.js';
import { MsgId } from '../../protocol/messageIds.js';
import { formatGoDateTime } from '../../protocol/timeFormat.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleGroupDetails = groupRequest({
  responseId: MsgId.GetGroupDetailsResp,
  schema: { group_id: 'uint64' },
  failurePrefix: '获取群组详情失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.details(user, body.group_id);
    if (!result.ok) {
      const text = result.error === GroupService.NOT_A_MEMBER ? '您不是该群组的成员' : result.error;
      return replyError(connection, MsgId.GetGroupDetailsResp, text);
    }
    const group = result.value;
    reply(connection, MsgId.GetGroupDetailsResp, {
      id: group.id,
      name: group.name,
      owner_user_id: group.ownerId,
      description: group.description,
      avatar: group.avatar,
      member_count: group.memberCount,
      created_at: formatGoDateTime(new Date(group.createdAt)),
      updated_at: formatGoDateTime(new Date(group.updatedAt)),
    });
  },
});
