/**
 * 222 → 223 member list, members only. `is_online` is live presence (online on any node right
 * now), not chat-zinx's flag that stayed true forever after a first login (§8.8).
 */
import { GroupService } from '../../chat/groups.js';
import { MsgId } from '../../protocol/messageIds.js';
import { formatRfc3339 } from '../../protocol/timeFormat.js';
import { reply, replyError } from '../reply.js';
import { groupRequest } from './groupRequest.js';

export const handleGroupMembers = groupRequest({
  responseId: MsgId.GetGroupMembersResp,
  schema: { group_id: 'uint64' },
  failurePrefix: '获取群组成员失败: ',
  run: async (ctx, connection, user, body) => {
    const result = await ctx.groups.members(user, body.group_id);
    if (!result.ok) {
      const text = result.error === GroupService.NOT_A_MEMBER ? '您不是该群组的成员' : `获取群组成员失败: ${result.error}`;
      return replyError(connection, MsgId.GetGroupMembersResp, text);
    }
    const members = result.value.map((member) => ({
      member_id: member.id,
      user_id: member.userId,
      user_uuid: member.user.uuid,
      username: member.user.username,
      role: member.role,
      joined_at: formatRfc3339(new Date(member.joinedAt)),
      is_online: member.online,
    }));
    reply(connection, MsgId.GetGroupMembersResp, { group_id: body.group_id, members, total: members.length });
  },
});
