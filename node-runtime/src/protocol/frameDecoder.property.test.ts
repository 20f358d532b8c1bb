import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Frame } from './frame.js';
import { FrameDecoder } from './frameDecoder.js';
import { encodeFrame } from './frameEncoder.js';
import { FrameTooLargeError } from './frameTooLargeError.js';

/** Cuts `bytes` at the given (unsorted, possibly repeated) offsets. */
function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

const frameArb = fc.record({
  id: fc.nat({ max: 0xffff_ffff }),
  body: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
});

test('encode → decode round-trips any frame list under any chunking', () => {
  fc.assert(
    fc.property(fc.array(frameArb, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 30 }), (frames, cuts) => {
      const wire = Buffer.concat(frames.map((f) => encodeFrame(f.id, f.body)));
      const decoder = new FrameDecoder({ maxBodyBytes: 300 });
      const out: Frame[] = [];
      for (const chunk of split(wire, cuts)) out.push(...decoder.push(chunk));
      assert.deepEqual(out, frames.map((f) => ({ id: f.id, body: f.body })));
      assert.equal(decoder.bufferedBytes, 0);
    }),
    { numRuns: 300 },
  );
});

test('garbage bytes: only FrameTooLargeError, and buffering stays bounded', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 64 }),
      // Mix raw garbage with well-formed frames (some over the cap) so every state is reached.
      fc.array(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 70 })).map(([id, body]) => encodeFrame(id, body)),
        ),
        { maxLength: 40 },
      ),
      (cap, chunks) => {
        const decoder = new FrameDecoder({ maxBodyBytes: cap });
        for (const chunk of chunks) {
          try {
            decoder.push(Buffer.from(chunk));
          } catch (error) {
            assert.ok(error instanceof FrameTooLargeError, String(error));
            assert.equal(decoder.bufferedBytes, 0);
            return;
          }
          // Pending bytes are either a partial header (< 8) or a partial body (< declared ≤ cap).
          assert.ok(decoder.bufferedBytes < Math.max(8, cap), `${decoder.bufferedBytes} buffered`);
          assert.ok(decoder.bufferedBytes <= cap + 8);
        }
      },
    ),
    { numRuns: 500 },
  );
});
