/**
 * 310 → 312 to the other members online, then 311 to the sender (§4.10). Unlike chat-zinx, a
 * message that could not be stored is not pushed: the sender gets status 6 and may retry.
 * An extended sender's `client_msg_id` is echoed in 311 and makes a retry idempotent.
 */
import { decodeGoJson } from '../../protocol/goJson.js';
import { MsgId } from '../../protocol/messageIds.js';
import type { FrameHandler } from '../nodeContext.js';
import { reply } from '../reply.js';
import { MAX_CLIENT_MSG_ID_CHARS } from './textMessage.js';

const schema = { group_id: 'uint32', content: 'string', client_msg_id: 'string' } as const;

export const handleGroupText: FrameHandler = async (ctx, connection, frame) => {
  // chat-zinx drops a group message from a connection that is not logged in, without a 311.
  if (!connection.user) return;
  const request = decodeGoJson(frame.body, schema);
  const clientMsgId = connection.extended && request.ok ? request.value.client_msg_id : '';
  const echo = clientMsgId !== '' ? { client_msg_id: clientMsgId } : {};
  const ack = (body: { msg_id?: string; status: number; error?: string }) => reply(connection, MsgId.GroupTextMsgResp, { ...body, ...echo });

  if (!request.ok || [...clientMsgId].length > MAX_CLIENT_MSG_ID_CHARS) return ack({ status: 1, error: 'Invalid request format' });
  let result;
  try {
    result = await ctx.groupMessages.send(connection.user, {
      groupId: request.value.group_id,
      content: request.value.content,
      ...(clientMsgId !== '' ? { clientMsgId } : {}),
    });
  } catch (error) {
    connection.logger.error('group_membership_check_failed', { error: String(error) });
    return ack({ status: 2, error: 'Failed to verify group membership' });
  }
  if (!result.ok) {
    if (result.reason === 'not_member') return ack({ status: 3, error: 'You are not a member of this group' });
    connection.logger.error('group_message_store_failed', { group: request.value.group_id, error: result.error });
    return ack({ status: 6, error: 'Failed to store message' });
  }
  if (!result.duplicate) ctx.metrics.messageAccepted('group');
  ack({ msg_id: result.record.msgId, status: 0 });
};
