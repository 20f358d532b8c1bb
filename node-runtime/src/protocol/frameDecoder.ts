import type { Frame } from './frame.js';
import { FRAME_HEADER_BYTES, MAX_WIRE_BODY_BYTES } from './frame.js';
import { FrameTooLargeError } from './frameTooLargeError.js';

export interface FrameDecoderOptions {
  /** Largest accepted inbound body; a body of exactly this size is fine. 0 disables the check. */
  readonly maxBodyBytes: number;
}

/**
 * Push-driven frame parser with no I/O: feed it socket chunks, get back the frames they complete.
 *
 * Memory rules, chosen so a hostile peer cannot make us hold more than it has actually sent and
 * never more than one frame's worth:
 * - the size cap is checked from the 8-byte header, before the body is allocated or buffered;
 * - leftover bytes are kept as a list of copied tails, never re-concatenated per chunk;
 * - every returned body is its own exactly-sized copy, so it neither pins the caller's (possibly
 *   large or reused) read buffer nor changes when later chunks arrive.
 * Invariant: the pending tails hold only bytes of the current need (< 8 header bytes, or fewer
 * than the declared body length), so bufferedBytes < max(8, maxBodyBytes).
 */
export class FrameDecoder {
  readonly #maxBodyBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Declared body length of the frame whose header was read; -1 while waiting for a header. */
  #bodyLength = -1;
  #messageId = 0;
  #error: FrameTooLargeError | undefined;
  /** Scratch for a header split across chunks; read immediately, never handed out. */
  readonly #header = Buffer.alloc(FRAME_HEADER_BYTES);

  constructor(options: FrameDecoderOptions) {
    const max = options.maxBodyBytes;
    if (!Number.isInteger(max) || max < 0 || max > MAX_WIRE_BODY_BYTES) {
      throw new RangeError(`maxBodyBytes must be an integer in 0..${MAX_WIRE_BODY_BYTES}, got ${max}`);
    }
    this.#maxBodyBytes = max;
  }

  /** Bytes received but not yet returned as part of a frame. */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Consumes `chunk` and returns every frame it completes (often none: "need more bytes" is normal).
   * Throws FrameTooLargeError for an oversize header; the decoder is then poisoned and every later
   * push rethrows the same error (with the same `framesBefore`: handle those once).
   */
  push(chunk: Buffer): Frame[] {
    if (this.#error !== undefined) throw this.#error;
    const frames: Frame[] = [];
    const end = chunk.length;
    let off = 0;
    for (;;) {
      if (this.#bodyLength < 0) {
        if (this.#pendingBytes + (end - off) < FRAME_HEADER_BYTES) break;
        let length: number;
        let id: number;
        if (this.#pendingBytes === 0) {
          length = chunk.readUInt32LE(off);
          id = chunk.readUInt32LE(off + 4);
          off += FRAME_HEADER_BYTES;
        } else {
          off = this.#drainInto(this.#header, FRAME_HEADER_BYTES, chunk, off);
          length = this.#header.readUInt32LE(0);
          id = this.#header.readUInt32LE(4);
        }
        if (this.#maxBodyBytes !== 0 && length > this.#maxBodyBytes) {
          // Nothing past the header is kept: drop all state and poison before touching the body.
          this.#pending = [];
          this.#pendingBytes = 0;
          this.#error = new FrameTooLargeError(length, this.#maxBodyBytes, id, frames);
          throw this.#error;
        }
        this.#bodyLength = length;
        this.#messageId = id;
      }
      const need = this.#bodyLength;
      if (this.#pendingBytes + (end - off) < need) break;
      const body = Buffer.allocUnsafe(need);
      if (this.#pendingBytes === 0) {
        chunk.copy(body, 0, off, off + need);
        off += need;
      } else {
        off = this.#drainInto(body, need, chunk, off);
      }
      frames.push({ id: this.#messageId, body });
      this.#bodyLength = -1;
    }
    if (off < end) {
      // Copy the tail: the caller may reuse its read buffer, and a small tail must not pin a big chunk.
      this.#pending.push(Buffer.from(chunk.subarray(off, end)));
      this.#pendingBytes += end - off;
    }
    return frames;
  }

  /** Fills target[0, n) from the pending tails, then from the chunk; returns the new chunk offset. */
  #drainInto(target: Buffer, n: number, chunk: Buffer, off: number): number {
    let written = 0;
    for (const piece of this.#pending) {
      piece.copy(target, written);
      written += piece.length;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    const rest = n - written;
    chunk.copy(target, written, off, off + rest);
    return off + rest;
  }
}
