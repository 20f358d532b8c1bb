/**
 * Routes each frame to the handler for its message id. Unknown ids (and chat-zinx's unrouted
 * 106, 209, 210, 221) are dropped with a debug line and no reply, as chat-zinx does (§1.4).
 */
import { msgIdName } from '../protocol/messageIds.js';
import type { Frame } from '../protocol/frame.js';
import type { Connection } from './connection.js';
import type { FrameHandler, NodeContext } from './nodeContext.js';
import { HANDLERS, RUN_HANDLERS } from './handlers/index.js';

export function createDispatcher(ctx: NodeContext): (connection: Connection, frame: Frame) => Promise<void> | void {
  const table = new Map<number, FrameHandler>(HANDLERS);
  return (connection, frame) => {
    const handler = table.get(frame.id);
    if (!handler) {
      connection.logger.debug('frame_ignored', { msg: frame.id, name: msgIdName(frame.id), bytes: frame.body.length });
      return;
    }
    return handler(ctx, connection, frame);
  };
}

/** The ids whose consecutive frames a connection may hand over together, and their handlers. */
export function createRunDispatcher(ctx: NodeContext): { accepts: (id: number) => boolean; handle: (connection: Connection, frames: Frame[]) => Promise<void> | void } {
  const table = new Map(RUN_HANDLERS);
  return {
    accepts: (id) => table.has(id),
    handle: (connection, frames) => {
      const first = frames[0];
      const handler = first ? table.get(first.id) : undefined;
      return handler?.(ctx, connection, frames);
    },
  };
}
