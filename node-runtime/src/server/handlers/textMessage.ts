/**
 * 208 P2P text (§4.5). chat-zinx answers the sender nothing, ever; an extended connection that
 * sends a `client_msg_id` gets a 1003 SendAck once the message is stored, and a retry with the
 * same id is acknowledged again without a second delivery.
 */
import { decodeGoJson } from '../../protocol/goJson.js';
import { ExtMsgId } from '../../protocol/messageIds.js';
import { formatRfc3339 } from '../../protocol/timeFormat.js';
import type { Frame } from '../../protocol/frame.js';
import type { Connection } from '../connection.js';
import type { SendDirectInput, SendDirectResult } from '../../chat/directMessages.js';
import type { FrameHandler, FrameRunHandler } from '../nodeContext.js';
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

export const handleTextMessage: FrameHandler = (ctx, connection, frame) => handleTextMessages(ctx, connection, [frame]);

/**
 * Several 208s of one connection that were waiting together (a sender with messages in flight):
 * stored and routed together, in order (DirectMessageService.sendMany), each answered as if alone.
 */
export const handleTextMessages: FrameRunHandler = async (ctx, connection, frames) => {
  const items = frames.map((frame) => checkText(connection, frame));
  const sending = items.filter((item): item is Extract<TextItem, { input: SendDirectInput }> => 'input' in item);
  const user = connection.user;
  const results = sending.length > 0 && user ? await ctx.directMessages.sendMany(user, sending.map((item) => item.input)) : [];
  // Answered in frame order, as one at a time would have; results come in the order of `sending`.
  let next = 0;
  for (const item of items) {
    const nack = (status: number, error: string) => {
      if (item.wantsAck) reply(connection, ExtMsgId.SendAck, { client_msg_id: item.clientMsgId, status, error });
    };
    if (!('input' in item)) {
      if (item.refusal) nack(item.refusal.status, item.refusal.error);
      continue;
    }
    const result = results[next++] as SendDirectResult;
    if (!result.ok && result.reason === 'failed') {
      connection.logger.error('text_store_failed', { error: result.error instanceof Error ? result.error.message : String(result.error) });
      nack(4, 'message not stored, retry');
    } else if (!result.ok) {
      connection.logger.debug('text_dropped', { reason: 'unknown_recipient', to: item.input.to });
      nack(3, 'unknown recipient');
    } else {
      if (!result.duplicate) ctx.metrics.messageAccepted('p2p');
      if (item.wantsAck) sendAck(connection, item.clientMsgId, result.entry.msgId, result.toUuid, result.entry.sentAt);
    }
  }
};

type TextItem =
  | { wantsAck: boolean; clientMsgId: string; refusal: { status: number; error: string } | null }
  | { wantsAck: boolean; clientMsgId: string; input: SendDirectInput };

/** Decodes and checks one 208; chat-zinx drops every refusal silently, only an extended sender that asked for an ack hears why. */
function checkText(connection: Connection, frame: Frame): TextItem {
  const request = decodeGoJson(frame.body, schema);
  if (!request.ok) {
    connection.logger.debug('text_dropped', { reason: 'bad_json' });
    return { wantsAck: false, clientMsgId: '', refusal: null };
  }
  const clientMsgId = request.value.client_msg_id;
  const wantsAck = connection.extended && clientMsgId !== '';
  if (!connection.user) return { wantsAck, clientMsgId, refusal: { status: 2, error: 'not logged in' } };
  if ([...clientMsgId].length > MAX_CLIENT_MSG_ID_CHARS) {
    return { wantsAck, clientMsgId, refusal: { status: 1, error: `client_msg_id longer than ${MAX_CLIENT_MSG_ID_CHARS} characters` } };
  }
  const { to_user_id: to, content, type } = request.value;
  return { wantsAck, clientMsgId, input: { to, content, type, ...(wantsAck ? { clientMsgId } : {}) } };
}

function sendAck(connection: Connection, clientMsgId: string, msgId: string, toUuid: string, sentAt: number): void {
  reply(connection, ExtMsgId.SendAck, {
    client_msg_id: clientMsgId,
    msg_id: msgId,
    status: 0,
    to_user_uuid: toUuid,
    sent_at: formatRfc3339(new Date(sentAt)),
  });
}
