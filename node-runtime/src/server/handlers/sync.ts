/** 1005 → 1006: the P2P messages after a mailbox cursor, for a client that reconnects or saw a gap. */
import { decodeGoJson } from '../../protocol/goJson.js';
import { ExtMsgId } from '../../protocol/messageIds.js';
import { directPushBody } from '../../protocol/pushBodies.js';
import type { FrameHandler } from '../nodeContext.js';
import { reply } from '../reply.js';

const schema = { since: 'uint64', limit: 'int' } as const;

export const handleSync: FrameHandler = async (ctx, connection, frame) => {
  if (!connection.extended) return;
  if (!connection.user) return reply(connection, ExtMsgId.SyncResp, { error: 'not logged in' });
  const request = decodeGoJson(frame.body, schema);
  if (!request.ok) return reply(connection, ExtMsgId.SyncResp, { error: 'body must be {"since":N,"limit":L}' });
  const limit = request.value.limit <= 0 ? 100 : Math.min(request.value.limit, 500);
  const { entries, hasMore } = await ctx.store.readMailbox(connection.user.id, request.value.since, limit);
  reply(connection, ExtMsgId.SyncResp, {
    messages: entries.map((entry) => directPushBody(entry, true)),
    next_since: entries.at(-1)?.seq ?? request.value.since,
    has_more: hasMore,
  });
};
