/** 102 → 103 register (§4.2). Registering does not log the connection in. */
import { decodeGoJson } from '../../protocol/goJson.js';
import { MsgId } from '../../protocol/messageIds.js';
import type { FrameHandler } from '../nodeContext.js';
import { BAD_JSON, reply } from '../reply.js';

const schema = { username: 'string', password: 'string', email: 'string' } as const;

export const handleRegister: FrameHandler = async (ctx, connection, frame) => {
  const request = decodeGoJson(frame.body, schema);
  if (!request.ok) return reply(connection, MsgId.RegisterResp, { code: 1, msg: BAD_JSON });
  const result = await ctx.accounts.register(request.value);
  if (result.ok) {
    const { user } = result;
    connection.logger.info('user_registered', { user: user.username, id: user.id });
    return reply(connection, MsgId.RegisterResp, {
      code: 0,
      msg: '注册成功',
      data: { id: user.id, user_uuid: user.uuid, username: user.username, email: user.email, avatar: user.avatar },
    });
  }
  switch (result.reason) {
    case 'empty_credentials':
      return reply(connection, MsgId.RegisterResp, { code: 2, msg: '用户名和密码不能为空' });
    case 'empty_email':
      return reply(connection, MsgId.RegisterResp, { code: 2, msg: '邮箱不能为空' });
    case 'username_taken':
      // chat-zinx means code 3 here but always sends 4 (§8.4); clients only ever saw 4.
      return reply(connection, MsgId.RegisterResp, { code: 4, msg: '注册失败: username already exists' });
    case 'invalid':
      return reply(connection, MsgId.RegisterResp, { code: 4, msg: `注册失败: 创建用户失败: ${result.detail}` });
  }
};
