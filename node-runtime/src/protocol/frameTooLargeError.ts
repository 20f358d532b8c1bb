import { ChatError } from '../common/errors.js';
import type { Frame } from './frame.js';

/**
 * An inbound frame header declared a body larger than the configured cap. chat-zinx drops the
 * connection without a reply in this case (reference §1.4), so callers should close the socket.
 */
export class FrameTooLargeError extends ChatError {
  override readonly name = 'FrameTooLargeError';
  constructor(
    readonly declaredBytes: number,
    readonly limitBytes: number,
    readonly messageId: number,
    /**
     * Complete frames that preceded the oversize header in the same pushed chunk. Go dispatches
     * those before its reader hits the bad header, so an exact caller handles them, then closes.
     */
    readonly framesBefore: readonly Frame[] = [],
  ) {
    super(
      'FRAME_TOO_LARGE',
      `frame body of ${declaredBytes} bytes exceeds the ${limitBytes}-byte limit (--max-frame)`,
    );
  }
}
