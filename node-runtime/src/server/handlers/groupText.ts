/**
 * 310 → 312 to the other members online, then 311 to the sender (§4.10). Unlike chat-zinx, a
 * message that could not be stored is not pushed: the sender gets status 6 and may retry.
 * An extended sender's `client_msg_id` is echoed in 311 and makes a retry idempotent.
 */
import { decodeGoJson } from '../../protocol/goJson.js';
import { MsgId } from '../../protocol/messageIds.js';
import type { GroupSendResult } from '../../chat/groupMessages.js';
import type { FrameHandler, FrameRunHandler } from '../nodeContext.js';
import { reply } from '../reply.js';
import { MAX_CLIENT_MSG_ID_CHARS } from './textMessage.js';

const schema = { group_id: 'uint32', content: 'string', client_msg_id: 'string' } as const;

export const handleGroupText: FrameHandler = (ctx, connection, frame) => handleGroupTexts(ctx, connection, [frame]);

/** Back-to-back 310s of one connection: sent together in order (GroupMessageService.sendMany), each answered as if alone. */
export const handleGroupTexts: FrameRunHandler = async (ctx, connection, frames) => {
  // chat-zinx drops a group message from a connection that is not logged in, without a 311.
  const user = connection.user;
  if (!user) return;
  const items = frames.map((frame) => {
    const request = decodeGoJson(frame.body, schema);
    const clientMsgId = connection.extended && request.ok ? request.value.client_msg_id : '';
    const valid = request.ok && [...clientMsgId].length <= MAX_CLIENT_MSG_ID_CHARS;
    const input = request.ok && valid ? { groupId: request.value.group_id, content: request.value.content, ...(clientMsgId !== '' ? { clientMsgId } : {}) } : null;
    return { clientMsgId, input };
  });
  const inputs = items.flatMap((item) => (item.input ? [item.input] : []));
  const results = inputs.length > 0 ? await ctx.groupMessages.sendMany(user, inputs) : [];
  let next = 0;
  for (const { clientMsgId, input } of items) {
    const echo = clientMsgId !== '' ? { client_msg_id: clientMsgId } : {};
    const ack = (body: { msg_id?: string; status: number; error?: string }) => reply(connection, MsgId.GroupTextMsgResp, { ...body, ...echo });
    if (!input) {
      ack({ status: 1, error: 'Invalid request format' });
      continue;
    }
    const result = results[next++] as GroupSendResult;
    if (result.ok) {
      if (!result.duplicate) ctx.metrics.messageAccepted('group');
      ack({ msg_id: result.record.msgId, status: 0 });
    } else if (result.reason === 'not_member') {
      ack({ status: 3, error: 'You are not a member of this group' });
    } else if (result.reason === 'membership_failed') {
      connection.logger.error('group_membership_check_failed', { error: result.error });
      ack({ status: 2, error: 'Failed to verify group membership' });
    } else if (result.reason === 'store_failed') {
      connection.logger.error('group_message_store_failed', { group: input.groupId, error: result.error });
      ack({ status: 6, error: 'Failed to store message' });
    } else {
      // Stored and pushed on this node, but not handed to the other nodes: members there get it from history.
      connection.logger.error('group_message_publish_failed', { group: input.groupId, error: result.error });
      ack({ status: 6, error: 'Message stored, but not delivered to members on other nodes' });
    }
  }
};
