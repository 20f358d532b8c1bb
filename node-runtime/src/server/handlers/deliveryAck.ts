/** 1004: the recipient has every P2P message up to `seq`; the login replay will start after it. No reply. */
import { decodeGoJson } from '../../protocol/goJson.js';
import type { FrameHandler } from '../nodeContext.js';

const schema = { seq: 'uint64' } as const;

export const handleDeliveryAck: FrameHandler = async (ctx, connection, frame) => {
  if (!connection.extended || !connection.user) return;
  const request = decodeGoJson(frame.body, schema);
  if (!request.ok) return connection.logger.debug('delivery_ack_invalid', { error: request.error });
  await ctx.store.ackMailbox(connection.user.id, request.value.seq);
};
