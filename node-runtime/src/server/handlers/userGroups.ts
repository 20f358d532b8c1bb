/** 224 → 225 "my groups" (broken on MySQL 8 in chat-zinx, §8.9; works here). The body is never read. */
import { MsgId } from '../../protocol/messageIds.js';
import type { FrameHandler } from '../nodeContext.js';
import { NOT_LOGGED_IN, reply, replyError } from '../reply.js';

export const handleUserGroups: FrameHandler = async (ctx, connection) => {
  if (!connection.user) return replyError(connection, MsgId.GetUserGroupsResp, NOT_LOGGED_IN);
  try {
    const groups = (await ctx.groups.myGroups(connection.user)).map((group) => ({
      id: group.id,
      name: group.name,
      member_count: group.memberCount,
      description: group.description,
    }));
    reply(connection, MsgId.GetUserGroupsResp, { groups, total: groups.length });
  } catch (error) {
    replyError(connection, MsgId.GetUserGroupsResp, `获取群组列表失败: ${error instanceof Error ? error.message : String(error)}`);
  }
};
