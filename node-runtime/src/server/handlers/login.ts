/**
 * 104 → 105 login by username (§4.3), then the replay of what the user missed: the legacy
 * offline inbox as decoded 208 pushes (not chat-zinx's base64, §8.2, and without its dedup by
 * bytes), or for an extended connection every mailbox entry after its last acknowledgement.
 */
import { randomBytes } from 'node:crypto';
import { decodeGoJson } from '../../protocol/goJson.js';
import { encodeFrame } from '../../protocol/frameEncoder.js';
import { encodeGoJson } from '../../protocol/goJsonEncode.js';
import { MsgId } from '../../protocol/messageIds.js';
import { directPushBody } from '../../protocol/pushBodies.js';
import { formatRfc3339 } from '../../protocol/timeFormat.js';
import type { MailboxEntry, UserRecord } from '../../cluster/store/records.js';
import type { Connection } from '../connection.js';
import type { FrameHandler, NodeContext } from '../nodeContext.js';
import { BAD_JSON, reply } from '../reply.js';

const schema = { username: 'string', password: 'string' } as const;

/** How many missed messages a login replays at most; an extended client fetches the rest with 1005. */
export const LOGIN_REPLAY_LIMIT = 1000;

export const handleLogin: FrameHandler = async (ctx, connection, frame) => {
  const request = decodeGoJson(frame.body, schema);
  if (!request.ok) return reply(connection, MsgId.LoginResp, { code: 1, msg: BAD_JSON });
  const result = await ctx.accounts.login(request.value);
  if (!result.ok) {
    connection.logger.info('login_failed', { user: request.value.username, reason: result.reason });
    switch (result.reason) {
      case 'empty_credentials':
        return reply(connection, MsgId.LoginResp, { code: 2, msg: '用户名或密码不能为空' });
      case 'wrong_password':
        return reply(connection, MsgId.LoginResp, { code: 4, msg: '密码错误' });
      case 'unknown_user':
        return reply(connection, MsgId.LoginResp, { code: 5, msg: '登录失败' });
      case 'throttled':
        return reply(connection, MsgId.LoginResp, {
          code: 6,
          msg: `登录尝试过多，请 ${Math.ceil(result.retryAfterMs / 1000)} 秒后再试`,
        });
    }
  }
  if (connection.closed) return;
  await bindSession(ctx, connection, result.user);
  reply(connection, MsgId.LoginResp, {
    code: 0,
    msg: '登录成功',
    data: {
      id: result.user.id,
      user_uuid: result.user.uuid,
      username: result.user.username,
      email: result.user.email,
      avatar: result.user.avatar,
      last_login: formatRfc3339(new Date(result.previousLogin)),
      // chat-zinx's JWT was never checked by anything (§3.3); an opaque token keeps the field's shape.
      token: randomBytes(24).toString('base64url'),
    },
  });
  connection.logger.info('user_logged_in', { user: result.user.username, id: result.user.id, ext: connection.extended });
  await replayMissed(ctx, connection, result.user.id);
};

/** Binds the connection to the user; a connection that was someone else first leaves that session cleanly. */
async function bindSession(ctx: NodeContext, connection: Connection, user: UserRecord): Promise<void> {
  const previous = ctx.sessions.detach(connection);
  if (previous) await ctx.router.userOffline(previous.id);
  connection.replay.begin();
  const sessionUser = { id: user.id, uuid: user.uuid, username: user.username };
  if (ctx.sessions.attach(connection, sessionUser)) await ctx.router.userOnline(sessionUser);
}

async function replayMissed(ctx: NodeContext, connection: Connection, userId: number): Promise<void> {
  const replayed = new Set<number>();
  try {
    const offline = await ctx.store.takeOfflineInbox(userId);
    let entries: MailboxEntry[] = offline;
    if (connection.extended) {
      const acked = await ctx.store.getMailboxAck(userId);
      entries = (await ctx.store.readMailbox(userId, acked, LOGIN_REPLAY_LIMIT)).entries;
    }
    for (const entry of entries) {
      replayed.add(entry.seq);
      connection.sendEncoded(encodeFrame(MsgId.TextMsg, encodeGoJson(directPushBody(entry, connection.extended))));
    }
    if (entries.length > 0) connection.logger.info('offline_replayed', { user: userId, messages: entries.length });
  } finally {
    for (const frame of connection.replay.end(replayed)) connection.sendEncoded(frame);
  }
}
