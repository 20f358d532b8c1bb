/** One chat-zinx frame: an 8-byte little-endian header (body length, then message id) and the body. */
export interface Frame {
  readonly id: number;
  readonly body: Buffer;
}

export const FRAME_HEADER_BYTES = 8;

/** chat-zinx's conf/zinx.json MaxPackageSize: a body of exactly this size is accepted, one byte more is not. */
export const DEFAULT_MAX_BODY_BYTES = 8192;

/** The largest value the 32-bit length field can carry. */
export const MAX_WIRE_BODY_BYTES = 0xffff_ffff;
