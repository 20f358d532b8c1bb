// Public API of the protocol layer: framing, Go-compatible JSON and time formats.
export { MsgId, ExtMsgId, msgIdName } from './messageIds.js';
export type { MsgIdValue, ExtMsgIdValue } from './messageIds.js';
export { FRAME_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES, MAX_WIRE_BODY_BYTES } from './frame.js';
export type { Frame } from './frame.js';
export { encodeFrame } from './frameEncoder.js';
export { FrameDecoder } from './frameDecoder.js';
export type { FrameDecoderOptions } from './frameDecoder.js';
export { FrameTooLargeError } from './frameTooLargeError.js';
export { decodeGoJson } from './goJson.js';
export type { FieldType, Schema, Decoded, DecodeResult } from './goJson.js';
export { parseJson } from './jsonParser.js';
export type { JsonValue, JsonParseResult } from './jsonParser.js';
export { MAX_NESTING_DEPTH } from './jsonScanner.js';
export { isRfc3339 } from './rfc3339.js';
export { encodeGoJson } from './goJsonEncode.js';
export { GO_ZERO_TIME, formatRfc3339, formatGoDateTime, unixSeconds } from './timeFormat.js';
