/** 1 → 2: any body, no login needed; the reply is the raw bytes `pong` (§4.1). */
import { MsgId } from '../../protocol/messageIds.js';
import type { FrameHandler } from '../nodeContext.js';

const PONG = Buffer.from('pong');

export const handlePing: FrameHandler = (_ctx, connection) => {
  connection.send(MsgId.Pong, PONG);
};
