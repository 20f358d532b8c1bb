/**
 * 208 P2P text (§4.5). chat-zinx answers the sender nothing, ever; an extended connection that
 * sends a `client_msg_id` gets a 1003 SendAck once the message is stored, and a retry with the
 * same id is acknowledged again without a second delivery.
 */
import { decodeGoJson } from '../../protocol/goJson.js';
import { ExtMsgId } from '../../protocol/messageIds.js';
import { formatRfc3339 } from '../../protocol/timeFormat.js';
import type { Connection } from '../connection.js';
import type { FrameHandler } from '../nodeContext.js';
import { reply } from '../reply.js';

const schema = {
  to_user_id: 'string',
  content: 'string',
  from_user_id: 'string',
  type: 'string',
  sent_at: 'time',
  client_msg_id: 'string',
} as const;

export const MAX_CLIENT_MSG_ID_CHARS = 64;

export const handleTextMessage: FrameHandler = async (ctx, connection, frame) => {
  const request = decodeGoJson(frame.body, schema);
  const wantsAck = connection.extended && request.ok && request.value.client_msg_id !== '';
  const clientMsgId = request.ok ? request.value.client_msg_id : '';
  const nack = (status: number, error: string) => {
    if (wantsAck) reply(connection, ExtMsgId.SendAck, { client_msg_id: clientMsgId, status, error });
  };
  // chat-zinx drops all of these silently; only an extended sender that asked for an ack hears why.
  if (!request.ok) return connection.logger.debug('text_dropped', { reason: 'bad_json' });
  if (!connection.user) return nack(2, 'not logged in');
  if ([...clientMsgId].length > MAX_CLIENT_MSG_ID_CHARS) return nack(1, `client_msg_id longer than ${MAX_CLIENT_MSG_ID_CHARS} characters`);

  let result;
  try {
    result = await ctx.directMessages.send(connection.user, {
      to: request.value.to_user_id,
      content: request.value.content,
      type: request.value.type,
      ...(wantsAck ? { clientMsgId } : {}),
    });
  } catch (error) {
    connection.logger.error('text_store_failed', { error: error instanceof Error ? error.message : String(error) });
    return nack(4, 'message not stored, retry');
  }
  if (result.ok && !result.duplicate) ctx.metrics.messageAccepted('p2p');
  if (!result.ok) {
    connection.logger.debug('text_dropped', { reason: 'unknown_recipient', to: request.value.to_user_id });
    return nack(3, 'unknown recipient');
  }
  if (wantsAck) sendAck(connection, clientMsgId, result.entry.msgId, result.toUuid, result.entry.sentAt);
};

function sendAck(connection: Connection, clientMsgId: string, msgId: string, toUuid: string, sentAt: number): void {
  reply(connection, ExtMsgId.SendAck, {
    client_msg_id: clientMsgId,
    msg_id: msgId,
    status: 0,
    to_user_uuid: toUuid,
    sent_at: formatRfc3339(new Date(sentAt)),
  });
}
