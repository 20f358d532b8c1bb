import { FRAME_HEADER_BYTES, MAX_WIRE_BODY_BYTES } from './frame.js';

/**
 * Packs one frame into a single buffer (uint32 LE body length, uint32 LE id, body), the way the
 * Go server writes header and body in one write. Outbound bodies are never capped (§1.3): only the
 * 32-bit length field bounds them. Strings are sent as UTF-8.
 */
export function encodeFrame(id: number, body: Buffer | Uint8Array | string): Buffer {
  if (!Number.isInteger(id) || id < 0 || id > 0xffff_ffff) {
    throw new RangeError(`frame id ${id} is not a uint32`);
  }
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (length > MAX_WIRE_BODY_BYTES) {
    throw new RangeError(`frame body of ${length} bytes does not fit the 32-bit length field`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(id, 4);
  if (typeof body === 'string') frame.write(body, FRAME_HEADER_BYTES, 'utf8');
  else frame.set(body, FRAME_HEADER_BYTES);
  return frame;
}
