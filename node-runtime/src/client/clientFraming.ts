/**
 * The client's own chat-zinx framing (uint32 LE body length, uint32 LE msg id, body), kept private
 * so the client does not depend on the server-side codec. Unlike the server, the client must accept
 * bodies of any length (chat-zinx never caps outbound), so the cap here is generous and configurable.
 */
import { FRAME_HEADER_BYTES, type Frame } from '../protocol/frame.js';
import { ProtocolViolationError } from './clientErrors.js';

/** 16 MiB: far above any realistic reply, low enough that a corrupt header cannot make us buffer gigabytes. */
export const DEFAULT_CLIENT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function encodeClientFrame(id: number, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bytes.length);
  frame.writeUInt32LE(bytes.length, 0);
  frame.writeUInt32LE(id >>> 0, 4);
  bytes.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Push-driven reader: feed it socket chunks, get whole frames back. "Need more bytes" is a normal
 * (empty) return. Chunks are kept in a list and joined only once a whole frame is there, so a large
 * body arriving in many small chunks is copied once, not once per chunk.
 */
export class ClientFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxBodyBytes: number = DEFAULT_CLIENT_MAX_FRAME_BYTES) {}

  /** @throws ProtocolViolationError when a header announces a body over the limit (checked before buffering it). */
  push(chunk: Buffer): Frame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Frame[] = [];
    while (this.buffered >= FRAME_HEADER_BYTES) {
      const header = this.peek(FRAME_HEADER_BYTES);
      const bodyLength = header.readUInt32LE(0);
      if (bodyLength > this.maxBodyBytes) {
        throw new ProtocolViolationError(
          `server frame body of ${bodyLength} bytes exceeds the client limit of ${this.maxBodyBytes} (option maxFrameBytes)`,
        );
      }
      if (this.buffered < FRAME_HEADER_BYTES + bodyLength) break;
      const whole = this.take(FRAME_HEADER_BYTES + bodyLength);
      frames.push({ id: whole.readUInt32LE(4), body: whole.subarray(FRAME_HEADER_BYTES) });
    }
    return frames;
  }

  /** Bytes held that do not yet form a whole frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private take(n: number): Buffer {
    const joined = this.peek(n);
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(1)] : this.chunks.slice(1);
    this.buffered -= n;
    // Copy small frames out of a shared chunk so a retained body does not pin the whole chunk.
    return rest.length > 0 && n < 4096 ? Buffer.from(joined.subarray(0, n)) : joined.subarray(0, n);
  }
}
