/**
 * Bytes to text the way Buffer.toString does it: invalid UTF-8 becomes U+FFFD. Structural JSON
 * characters are ASCII and never swallowed by a replacement, so decoding the whole body up front
 * gives the same strings as decoding each literal separately (as Go does).
 */
export function utf8Text(input: Buffer | Uint8Array | string): string {
  if (typeof input === 'string') return input;
  if (Buffer.isBuffer(input)) return input.toString('utf8');
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
}
